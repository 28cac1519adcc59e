package dev.synapse.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test (class or method) about the CPU backend itself rather than device-generic behaviour: a CPU kernel, the
 * CPU's fused optimizer update, the exact text of a printed CPU tensor. Tagged {@value Tiers#CPU_ONLY}, so the
 * pass that reruns core's tests on the emulated device leaves it out; every other test must hold on any device.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Tiers.CPU_ONLY)
public @interface CpuOnly {}
