package dev.synapse.cuda;

/**
 * A CUDA driver or cuBLAS call returned an error: the message names the call, the error's name ({@code
 * cuGetErrorName}, {@code cublasGetStatusName}) and its code, as PyTorch's {@code CUDA error: ...} messages do.
 */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final String errorName;
    private final int code;

    /**
     * @param call      the function that failed, with the arguments that help to understand why
     * @param errorName the library's name for the error, e.g. {@code CUDA_ERROR_INVALID_VALUE}
     * @param code      the numeric result
     * @param detail    more to say (a JIT log), or the empty string
     */
    public CudaException(String call, String errorName, int code, String detail) {
        super(call + " failed: " + errorName + " (" + code + ")" + (detail.isEmpty() ? "" : ": " + detail));
        this.call = call;
        this.errorName = errorName;
        this.code = code;
    }

    /** The call that failed. */
    public String call() {
        return call;
    }

    /** The error's name, as {@code cuGetErrorName} gives it. */
    public String errorName() {
        return errorName;
    }

    /** The numeric {@code CUresult} or {@code cublasStatus_t}. */
    public int code() {
        return code;
    }
}
