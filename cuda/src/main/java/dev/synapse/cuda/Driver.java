package dev.synapse.cuda;

import static dev.synapse.cuda.Native.INT;
import static dev.synapse.cuda.Native.LONG;
import static dev.synapse.cuda.Native.PTR;
import static dev.synapse.cuda.Native.SIZE;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The CUDA driver API ({@code libcuda.so.1}) as far as the backend uses it: initialisation, devices, the primary
 * context, streams, events, memory, PTX modules and kernel launches. Every call's {@code CUresult} is checked: an
 * error becomes a {@link CudaException} naming the call and {@code cuGetErrorName}'s name for the error. Pointers
 * to device memory ({@code CUdeviceptr}) are {@code long}s; handles are {@link MemorySegment} addresses.
 */
final class Driver {
    private static final String TITLE = "the CUDA driver (libcuda.so.1)";

    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR} and {@code _MINOR}. */
    static final int ATTR_CC_MAJOR = 75;

    static final int ATTR_CC_MINOR = 76;
    /** {@code CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT}. */
    static final int ATTR_SM_COUNT = 16;
    /** {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    static final int ERROR_OUT_OF_MEMORY = 2;
    /** {@code CUDA_ERROR_NO_DEVICE}. */
    static final int ERROR_NO_DEVICE = 100;
    /** {@code CU_STREAM_NON_BLOCKING}: no implicit synchronisation with the legacy default stream. */
    private static final int STREAM_NON_BLOCKING = 1;
    /** {@code CU_JIT_ERROR_LOG_BUFFER}, {@code CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES}. */
    private static final int JIT_ERROR_LOG_BUFFER = 5;

    private static final int JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
    private static final int JIT_LOG_BYTES = 8192;

    private final MethodHandle cuGetErrorName;
    private final MethodHandle cuInit;
    private final MethodHandle cuDriverGetVersion;
    private final MethodHandle cuDeviceGetCount;
    private final MethodHandle cuDeviceGet;
    private final MethodHandle cuDeviceGetName;
    private final MethodHandle cuDeviceGetAttribute;
    private final MethodHandle cuDeviceTotalMem;
    private final MethodHandle cuDevicePrimaryCtxRetain;
    private final MethodHandle cuCtxSetCurrent;
    private final MethodHandle cuStreamCreate;
    private final MethodHandle cuStreamSynchronize;
    private final MethodHandle cuEventCreate;
    private final MethodHandle cuEventRecord;
    private final MethodHandle cuEventSynchronize;
    private final MethodHandle cuEventElapsedTime;
    private final MethodHandle cuMemAlloc;
    private final MethodHandle cuMemFree;
    private final MethodHandle cuMemGetInfo;
    private final MethodHandle cuMemsetD8Async;
    private final MethodHandle cuMemcpyHtoDAsync;
    private final MethodHandle cuMemcpyDtoHAsync;
    private final MethodHandle cuMemcpyDtoDAsync;
    private final MethodHandle cuModuleLoadDataEx;
    private final MethodHandle cuModuleGetFunction;
    private final MethodHandle cuLaunchKernel;

    Driver(SymbolLookup lib) {
        cuGetErrorName = Native.function(lib, TITLE, "cuGetErrorName", INT, PTR);
        cuInit = Native.function(lib, TITLE, "cuInit", INT);
        cuDriverGetVersion = Native.function(lib, TITLE, "cuDriverGetVersion", PTR);
        cuDeviceGetCount = Native.function(lib, TITLE, "cuDeviceGetCount", PTR);
        cuDeviceGet = Native.function(lib, TITLE, "cuDeviceGet", PTR, INT);
        cuDeviceGetName = Native.function(lib, TITLE, "cuDeviceGetName", PTR, INT, INT);
        cuDeviceGetAttribute = Native.function(lib, TITLE, "cuDeviceGetAttribute", PTR, INT, INT);
        cuDeviceTotalMem = Native.function(lib, TITLE, "cuDeviceTotalMem_v2", PTR, INT);
        cuDevicePrimaryCtxRetain = Native.function(lib, TITLE, "cuDevicePrimaryCtxRetain", PTR, INT);
        cuCtxSetCurrent = Native.function(lib, TITLE, "cuCtxSetCurrent", PTR);
        cuStreamCreate = Native.function(lib, TITLE, "cuStreamCreate", PTR, INT);
        cuStreamSynchronize = Native.function(lib, TITLE, "cuStreamSynchronize", PTR);
        cuEventCreate = Native.function(lib, TITLE, "cuEventCreate", PTR, INT);
        cuEventRecord = Native.function(lib, TITLE, "cuEventRecord", PTR, PTR);
        cuEventSynchronize = Native.function(lib, TITLE, "cuEventSynchronize", PTR);
        // CUDA 12.8 added the _v2 (which CUDA 13's header maps the name to); older drivers have the first only.
        cuEventElapsedTime = lib.find("cuEventElapsedTime_v2").isPresent()
                ? Native.function(lib, TITLE, "cuEventElapsedTime_v2", PTR, PTR, PTR)
                : Native.function(lib, TITLE, "cuEventElapsedTime", PTR, PTR, PTR);
        cuMemAlloc = Native.function(lib, TITLE, "cuMemAlloc_v2", PTR, SIZE);
        cuMemFree = Native.function(lib, TITLE, "cuMemFree_v2", LONG);
        cuMemGetInfo = Native.function(lib, TITLE, "cuMemGetInfo_v2", PTR, PTR);
        cuMemsetD8Async = Native.function(lib, TITLE, "cuMemsetD8Async", LONG, ValueLayout.JAVA_BYTE, SIZE, PTR);
        cuMemcpyHtoDAsync = Native.function(lib, TITLE, "cuMemcpyHtoDAsync_v2", LONG, PTR, SIZE, PTR);
        cuMemcpyDtoHAsync = Native.function(lib, TITLE, "cuMemcpyDtoHAsync_v2", PTR, LONG, SIZE, PTR);
        cuMemcpyDtoDAsync = Native.function(lib, TITLE, "cuMemcpyDtoDAsync_v2", LONG, LONG, SIZE, PTR);
        cuModuleLoadDataEx = Native.function(lib, TITLE, "cuModuleLoadDataEx", PTR, PTR, INT, PTR, PTR);
        cuModuleGetFunction = Native.function(lib, TITLE, "cuModuleGetFunction", PTR, PTR, PTR);
        cuLaunchKernel = Native.function(
                lib,
                TITLE,
                "cuLaunchKernel",
                FunctionDescriptor.of(INT, PTR, INT, INT, INT, INT, INT, INT, INT, PTR, PTR, PTR));
    }

    /** Throws {@link CudaException} for a failed call, naming it and the error. */
    void check(int result, String call) {
        if (result != 0) {
            throw new CudaException(call, errorName(result), result, "");
        }
    }

    /** {@code cuGetErrorName}'s name for a result, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    String errorName(int result) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            int r = (int) cuGetErrorName.invokeExact(result, p);
            MemorySegment s = p.get(PTR, 0);
            if (r != 0 || s.equals(MemorySegment.NULL)) {
                return "unknown CUresult";
            }
            return Native.string(s, 256);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** {@code cuInit(0)}: the result, unchecked, so the caller can explain {@code CUDA_ERROR_NO_DEVICE}. */
    int init() {
        try {
            return (int) cuInit.invokeExact(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The driver's CUDA version, e.g. 13000 for 13.0. */
    int driverVersion() {
        return intOut("cuDriverGetVersion", p -> (int) cuDriverGetVersion.invokeExact(p));
    }

    int deviceCount() {
        return intOut("cuDeviceGetCount", p -> (int) cuDeviceGetCount.invokeExact(p));
    }

    int device(int ordinal) {
        return intOut("cuDeviceGet(" + ordinal + ")", p -> (int) cuDeviceGet.invokeExact(p, ordinal));
    }

    String deviceName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(256);
            int r = (int) cuDeviceGetName.invokeExact(buf, 256, device);
            check(r, "cuDeviceGetName(" + device + ")");
            return buf.getString(0, StandardCharsets.US_ASCII);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    int attribute(int device, int attribute) {
        return intOut("cuDeviceGetAttribute(" + attribute + ", " + device + ")", p ->
                (int) cuDeviceGetAttribute.invokeExact(p, attribute, device));
    }

    long totalMemory(int device) {
        return longOut("cuDeviceTotalMem(" + device + ")", p -> (int) cuDeviceTotalMem.invokeExact(p, device));
    }

    /** The device's primary context (the one the runtime API and PyTorch share), retained. */
    MemorySegment primaryContext(int device) {
        return pointerOut(
                "cuDevicePrimaryCtxRetain(" + device + ")", p -> (int) cuDevicePrimaryCtxRetain.invokeExact(p, device));
    }

    void setCurrent(MemorySegment context) {
        try {
            check((int) cuCtxSetCurrent.invokeExact(context), "cuCtxSetCurrent");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    MemorySegment createStream() {
        return pointerOut("cuStreamCreate(CU_STREAM_NON_BLOCKING)", p ->
                (int) cuStreamCreate.invokeExact(p, STREAM_NON_BLOCKING));
    }

    void synchronize(MemorySegment stream) {
        try {
            check((int) cuStreamSynchronize.invokeExact(stream), "cuStreamSynchronize");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    MemorySegment createEvent() {
        return pointerOut("cuEventCreate", p -> (int) cuEventCreate.invokeExact(p, 0));
    }

    void record(MemorySegment event, MemorySegment stream) {
        try {
            check((int) cuEventRecord.invokeExact(event, stream), "cuEventRecord");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Milliseconds between two recorded events, after waiting for the second. */
    float elapsedMillis(MemorySegment start, MemorySegment end) {
        try (Arena a = Arena.ofConfined()) {
            check((int) cuEventSynchronize.invokeExact(end), "cuEventSynchronize");
            MemorySegment ms = a.allocate(ValueLayout.JAVA_FLOAT);
            check((int) cuEventElapsedTime.invokeExact(ms, start, end), "cuEventElapsedTime");
            return ms.get(ValueLayout.JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /**
     * {@code cuMemAlloc}: the device address, or {@code 0} when the device is out of memory (so that the allocator
     * can empty its cache and try again before failing with its statistics).
     */
    long allocateOrZero(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(LONG);
            int r = (int) cuMemAlloc.invokeExact(p, bytes);
            if (r == ERROR_OUT_OF_MEMORY) {
                return 0;
            }
            check(r, "cuMemAlloc(" + bytes + " bytes)");
            return p.get(LONG, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void free(long pointer) {
        try {
            check((int) cuMemFree.invokeExact(pointer), "cuMemFree");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** {@code {free, total}} bytes of the current context's device. */
    long[] memoryInfo() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment free = a.allocate(LONG);
            MemorySegment total = a.allocate(LONG);
            check((int) cuMemGetInfo.invokeExact(free, total), "cuMemGetInfo");
            return new long[] {free.get(LONG, 0), total.get(LONG, 0)};
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void memsetAsync(long pointer, long bytes, MemorySegment stream) {
        try {
            check(
                    (int) cuMemsetD8Async.invokeExact(pointer, (byte) 0, bytes, stream),
                    "cuMemsetD8Async(" + bytes + ")");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Host to device; the host memory may be reused once the call returns (pageable memory is staged). */
    void copyToDevice(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyHtoDAsync(" + bytes + ")");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Device to host; the caller synchronizes the stream before reading {@code dst}. */
    void copyToHost(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoHAsync(" + bytes + ")");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    void copyOnDevice(long dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoDAsync(" + bytes + ")");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Loads PTX text (JIT-compiled for the current device); a failure carries the JIT's error log. */
    MemorySegment loadModule(String name, String ptx) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment image = a.allocateFrom(ptx, StandardCharsets.US_ASCII);
            MemorySegment log = a.allocate(JIT_LOG_BYTES);
            MemorySegment options = a.allocate(INT, 2);
            options.setAtIndex(INT, 0, JIT_ERROR_LOG_BUFFER);
            options.setAtIndex(INT, 1, JIT_ERROR_LOG_BUFFER_SIZE_BYTES);
            MemorySegment values = a.allocate(PTR, 2);
            values.setAtIndex(PTR, 0, log);
            // An option's value is the integer itself, passed in the pointer's place.
            values.setAtIndex(PTR, 1, MemorySegment.ofAddress(JIT_LOG_BYTES));
            MemorySegment module = a.allocate(PTR);
            int r = (int) cuModuleLoadDataEx.invokeExact(module, image, 2, options, values);
            if (r != 0) {
                throw new CudaException(
                        "cuModuleLoadDataEx(" + name + ")",
                        errorName(r),
                        r,
                        log.getString(0, StandardCharsets.US_ASCII).strip());
            }
            return module.get(PTR, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    MemorySegment function(MemorySegment module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(PTR);
            int r = (int) cuModuleGetFunction.invokeExact(f, module, a.allocateFrom(name, StandardCharsets.US_ASCII));
            check(r, "cuModuleGetFunction(" + name + ")");
            return f.get(PTR, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** {@code cuLaunchKernel} with a 1-D grid; {@code params} is the array of pointers to the arguments. */
    void launch(
            String name,
            MemorySegment function,
            int blocks,
            int threads,
            int sharedBytes,
            MemorySegment stream,
            MemorySegment params) {
        try {
            int r = (int) cuLaunchKernel.invokeExact(
                    function, blocks, 1, 1, threads, 1, 1, sharedBytes, stream, params, MemorySegment.NULL);
            check(r, "cuLaunchKernel(" + name + ", " + blocks + " blocks of " + threads + " threads)");
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    @FunctionalInterface
    private interface OutCall {
        int call(MemorySegment out) throws Throwable;
    }

    private int intOut(String name, OutCall call) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(INT);
            check(call.call(p), name);
            return p.get(INT, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private long longOut(String name, OutCall call) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(LONG);
            check(call.call(p), name);
            return p.get(LONG, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private MemorySegment pointerOut(String name, OutCall call) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            check(call.call(p), name);
            return p.get(PTR, 0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
