package dev.synapse.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test (class or method) that takes seconds: an exhaustive sweep, fuzzing at scale, a test that
 * kills processes, an example trained to its result. Tagged {@value Tiers#SLOW}, so plain
 * {@code mvn test} stays quick; {@code ./synapse test} still runs it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Tiers.SLOW)
public @interface Slow {}
