package dev.synapse.cuda;

/**
 * CUDA cannot be used on this machine: a library is missing, the driver does not start, no GPU answers, or the GPU
 * is too old for the kernels shipped. The message names what was looked for, where, what was found and how to fix
 * it; {@code Device.of("cuda")}'s first use throws it, as {@code torch.cuda}'s lazy initialisation raises its one
 * {@code RuntimeError}.
 */
public final class CudaUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An exception with the whole explanation as its message. */
    public CudaUnavailableException(String message) {
        super(message);
    }

    /** An exception with the whole explanation as its message and the failure that showed it. */
    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
