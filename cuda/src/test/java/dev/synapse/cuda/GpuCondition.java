package dev.synapse.cuda;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs {@link Gpu} tests where CUDA is available; elsewhere skips them and says why once per run, in one line. */
final class GpuCondition implements ExecutionCondition {
    private static final AtomicBoolean SAID = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Cuda.isAvailable()) {
            return ConditionEvaluationResult.enabled("CUDA is available");
        }
        String reason = Cuda.unavailableReason();
        String first = reason.lines().findFirst().orElse(reason);
        if (SAID.compareAndSet(false, true)) {
            System.err.println("synapse-cuda: GPU tests skipped: " + first);
        }
        return ConditionEvaluationResult.disabled("no GPU: " + first);
    }
}
