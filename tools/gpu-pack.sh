#!/usr/bin/env bash
# Builds, on a machine with a JDK and Maven, everything tools/gpu-check.sh needs on a GPU machine that has neither:
# a jlink runtime, the synapse jars, core's and cuda's test classes with their test libraries and JUnit's console
# launcher, in target/gpu-pack (ignored by git; carried to the GPU machine with the working tree, under 64 MiB).
# Usage: tools/gpu-pack.sh   (or ./synapse gpu-pack)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
MVN=(mvn -B -q --no-transfer-progress -Dstyle.color=never)
CONSOLE=org.junit.platform:junit-platform-console-standalone:1.11.4
PACK=target/gpu-pack
rm -rf "$PACK"
mkdir -p "$PACK/lib" "$PACK/classes"
# Jars and compiled tests of core, testing and cuda (tests compiled, not run).
[ "${SKIP_BUILD:-}" = 1 ] || "${MVN[@]}" -o -DskipTests -Dspotless.check.skip=true -pl cuda -am package
cp core/target/synapse-core-*[0-9T].jar testing/target/synapse-testing-*[0-9T].jar cuda/target/synapse-cuda-*[0-9T].jar "$PACK/lib/"
cp -r core/target/test-classes "$PACK/classes/core-tests"
cp -r cuda/target/test-classes "$PACK/classes/cuda-tests"
# Core's test libraries (jqwik, ArchUnit; JUnit comes inside the console launcher), resolved through a throwaway
# pom: the project's dependency-plugin settings copy runtime scope only.
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
mkdir -p "$PACK/deps"
cat >"$PACK/deps/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>dev.synapse</groupId><artifactId>gpu-pack-deps</artifactId><version>0</version>
  <dependencies>
    <dependency><groupId>net.jqwik</groupId><artifactId>jqwik</artifactId><version>$(prop jqwik.version)</version></dependency>
    <dependency><groupId>com.tngtech.archunit</groupId><artifactId>archunit</artifactId><version>$(prop archunit.version)</version></dependency>
    <dependency><groupId>org.jspecify</groupId><artifactId>jspecify</artifactId><version>$(prop jspecify.version)</version></dependency>
  </dependencies>
</project>
POM
"${MVN[@]}" -f "$PACK/deps/pom.xml" dependency:copy-dependencies -DexcludeGroupIds=org.junit,org.junit.platform,org.junit.jupiter,org.opentest4j,org.apiguardian \
    -DoutputDirectory="$PWD/$PACK/lib" >/dev/null
rm -rf "$PACK/deps"
"${MVN[@]}" dependency:copy -Dartifact="$CONSOLE" -DoutputDirectory="$PWD/$PACK/launcher" >/dev/null
# The runtime: the JDK modules the library and its tests use (not java.desktop: the GPU tests draw no pictures),
# with native debug symbols stripped (linking from a JDK without jmods keeps them).
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,jdk.incubator.vector,jdk.unsupported,java.xml,java.instrument \
    --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$PACK/runtime" 2>&1 | grep -v 'incubator modules' || true
chmod -R u+w "$PACK/runtime"
find "$PACK/runtime" -name '*.so' -exec strip --strip-unneeded {} +
echo "gpu-pack: $PACK holds $(du -sh "$PACK" | cut -f1) ($(du -sh "$PACK/runtime" | cut -f1) runtime, $(tar czf - -C "$PACK" . | wc -c | awk '{printf "%.1f MB", $1 / 1e6}') compressed); carry it and run tools/gpu-check.sh there"
