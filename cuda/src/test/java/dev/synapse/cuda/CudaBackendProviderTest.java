package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.synapse.backend.Backends;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CudaBackendProviderTest {
    @Test
    void theProviderIsFoundThroughTheServiceLoader() {
        assertTrue(Backends.types().contains("cuda"), Backends.types().toString());
        assertEquals("cuda", new CudaBackendProvider().deviceType());
    }

    @Test
    void withoutCudaTheFirstUseGivesOneMessageAndLaterUsesTheSame() {
        assumeFalse(Cuda.isAvailable(), "this machine has CUDA");
        assertFalse(Cuda.isAvailable());
        assertEquals(0, Cuda.deviceCount());
        CudaUnavailableException first = assertThrows(
                CudaUnavailableException.class, () -> Tensor.empty(DType.FLOAT32, Device.of("cuda"), 2, 3));
        String m = first.getMessage();
        assertTrue(m.startsWith("CUDA is not available: "), m);
        // Whatever this machine lacks, the message says where it looked and how to fix it; no linkage error escapes.
        assertTrue(m.contains("Looked in: LD_LIBRARY_PATH") || m.contains("cuInit"), m);
        assertTrue(m.contains("Fix: ") || m.contains("nvidia-smi"), m);
        assertEquals(m, Cuda.unavailableReason());
        CudaUnavailableException second =
                assertThrows(CudaUnavailableException.class, () -> Backends.get(Device.cuda(1)));
        assertEquals(m, second.getMessage(), "the search runs once");
    }

    @Test
    void tf32IsOffByDefaultAndSwitchable() {
        assertFalse(Cuda.allowTf32(), "as torch.backends.cuda.matmul.allow_tf32");
        Cuda.setAllowTf32(true);
        try {
            assertTrue(Cuda.allowTf32());
        } finally {
            Cuda.setAllowTf32(false);
        }
        assertFalse(Cuda.allowTf32());
    }
}
