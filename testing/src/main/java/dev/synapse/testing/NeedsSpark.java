package dev.synapse.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test (class or method) that runs Apache Spark jobs, most on a standalone cluster of separate JVMs started on this
 * machine. Tagged {@value Tiers#SPARK}, so plain {@code mvn test} stays quick and starts no processes;
 * {@code ./synapse test} still runs it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Tiers.SPARK)
public @interface NeedsSpark {}
