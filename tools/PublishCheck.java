import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a staged release the way Maven Central's validation does, without publishing anything: every POM in the
 * staging repository carries (itself or through its parent) a name, description, project URL, licence, developer and
 * SCM location, and every jar comes with its sources and javadoc jars. Signatures (.asc) are made at release time with
 * the project's key and are reported, not required. Run by {@code ./synapse publish-check}, which first stages the
 * build: {@code java tools/PublishCheck.java STAGING_DIR}. Exits 1 and lists every gap when anything is missing.
 */
public final class PublishCheck {
    private record Pom(Path file, Element project) {
        String text(String path) {
            Element e = project;
            for (String part : path.split("/")) {
                e = child(e, part);
                if (e == null) {
                    return null;
                }
            }
            String s = e.getTextContent().strip();
            return s.isEmpty() ? null : s;
        }

        String coordinates() {
            String group = text("groupId") != null ? text("groupId") : text("parent/groupId");
            String version = text("version") != null ? text("version") : text("parent/version");
            return group + ":" + text("artifactId") + ":" + version;
        }
    }

    /** What Central requires, as paths below {@code <project>}. */
    private static final List<String> REQUIRED = List.of(
            "name",
            "description",
            "url",
            "licenses/license/name",
            "licenses/license/url",
            "developers/developer/name",
            "scm/url",
            "scm/connection");

    private PublishCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            throw new IllegalArgumentException("usage: java PublishCheck.java STAGING_DIR (a staged Maven repository)");
        }
        List<Path> pomFiles;
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            pomFiles = files.filter(p -> p.toString().endsWith(".pom")).sorted().toList();
        }
        if (pomFiles.isEmpty()) {
            throw new IllegalArgumentException(args[0] + " holds no .pom file: stage the build first");
        }
        Map<String, Pom> byArtifact = new HashMap<>();
        List<Pom> poms = new ArrayList<>();
        for (Path file : pomFiles) {
            Pom pom = new Pom(file, parse(file));
            poms.add(pom);
            byArtifact.put(pom.text("artifactId"), pom);
        }
        int gaps = 0;
        for (Pom pom : poms) {
            List<String> missing = new ArrayList<>();
            for (String path : REQUIRED) {
                if (inherited(pom, path, byArtifact) == null) {
                    missing.add("<" + path.replace("/", "><") + ">");
                }
            }
            String packaging = pom.text("packaging") == null ? "jar" : pom.text("packaging");
            if (packaging.equals("jar")) {
                String base = pom.file.getFileName().toString().replaceFirst("\\.pom$", "");
                for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
                    if (!Files.isRegularFile(pom.file.resolveSibling(base + suffix))) {
                        missing.add(base + suffix);
                    }
                }
            }
            boolean signed = Files.isRegularFile(pom.file.resolveSibling(pom.file.getFileName() + ".asc"));
            System.out.printf(
                    "%-45s %-4s %s%s%n",
                    pom.coordinates(),
                    packaging,
                    missing.isEmpty() ? "ok" : "missing " + String.join(", ", missing),
                    signed ? "" : " (unsigned: sign at release time)");
            gaps += missing.size();
        }
        if (gaps > 0) {
            System.out.println(gaps + " gap(s): Maven Central would refuse this release");
            System.exit(1);
        }
        System.out.println("every artifact has the metadata and jars Maven Central requires");
    }

    /** The value at {@code path} in the POM or, as Maven inherits it, in its parent chain within the staging. */
    private static String inherited(Pom pom, String path, Map<String, Pom> byArtifact) {
        for (Pom p = pom; p != null; p = byArtifact.get(p.text("parent/artifactId"))) {
            String value = p.text(path);
            if (value != null) {
                return value;
            }
            if (p.text("parent/artifactId") == null) {
                return null;
            }
        }
        return null;
    }

    private static Element parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        try {
            Document doc = factory.newDocumentBuilder().parse(file.toFile());
            return doc.getDocumentElement();
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
