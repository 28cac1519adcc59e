package dev.synapse.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** Opening a shared library and binding its functions through the FFM linker, with errors that name both. */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    /** size_t and CUdeviceptr: 64 bits on the only platform the backend runs on (x86-64 Linux). */
    static final ValueLayout.OfLong SIZE = ValueLayout.JAVA_LONG;

    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE;
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

    private Native() {}

    /** The C string at {@code address}, read up to its NUL within {@code max} bytes. */
    // Restricted (native access): this module exists to call native code; users enable it with --enable-native-access.
    @SuppressWarnings("restricted")
    static String string(MemorySegment address, int max) {
        return address.reinterpret(max).getString(0, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A segment naming {@code bytes} of device memory at {@code address}, which the host never dereferences. */
    // Restricted (native access): this module exists to call native code; users enable it with --enable-native-access.
    @SuppressWarnings("restricted")
    static MemorySegment deviceBlock(long address, long bytes) {
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    /** Opens {@code path} for the life of the process; failure names the library and the loader's reason. */
    // Restricted (native access): this module exists to call native code; users enable it with --enable-native-access.
    @SuppressWarnings("restricted")
    static SymbolLookup open(String title, Path path) {
        try {
            return SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalArgumentException | IllegalCallerException e) {
            throw new CudaUnavailableException(
                    "CUDA is not available: " + title + " was found at " + path + " but could not be loaded ("
                            + e.getMessage() + "). If a library it needs is missing, install it from the same CUDA"
                            + " release; if the JDK refused the native call, run with"
                            + " --enable-native-access=ALL-UNNAMED (class path) or"
                            + " --enable-native-access=dev.synapse.cuda (module path).",
                    e);
        }
    }

    /** The downcall handle of {@code name} returning {@code int} (CUresult, cublasStatus_t). */
    static MethodHandle function(SymbolLookup lib, String title, String name, MemoryLayout... args) {
        return function(lib, title, name, FunctionDescriptor.of(INT, args));
    }

    // Restricted (native access): this module exists to call native code; users enable it with --enable-native-access.
    @SuppressWarnings("restricted")
    static MethodHandle function(SymbolLookup lib, String title, String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(
                lib.find(name)
                        .orElseThrow(() -> new CudaUnavailableException("CUDA is not available: " + title
                                + " has no function " + name + "; it is older than the backend needs (CUDA 12 or"
                                + " 13): update it")),
                descriptor);
    }

    /** Rethrows what a downcall threw; downcalls declare {@code Throwable} but throw only unchecked exceptions. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
