package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.ReduceOp;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** KernelCodes and codes.cuh are one table: every Java constant has its #define, with the same number. */
class KernelCodesTest {
    private static Map<String, Integer> defines() throws IOException {
        Map<String, Integer> m = new HashMap<>();
        Matcher d = Pattern.compile("(?m)^#define (\\w+) (\\d+)$")
                .matcher(Files.readString(PtxSourcesTest.SOURCES.resolve("codes.cuh")));
        while (d.find()) {
            m.put(d.group(1), Integer.parseInt(d.group(2)));
        }
        return m;
    }

    private static final Map<DType, String> TYPE_NAMES = Map.of(
            DType.FLOAT32, "F32",
            DType.FLOAT64, "F64",
            DType.FLOAT16, "F16",
            DType.BFLOAT16, "BF16",
            DType.INT64, "I64",
            DType.INT32, "I32",
            DType.INT16, "I16",
            DType.INT8, "I8",
            DType.UINT8, "U8",
            DType.BOOL, "BOOL");

    @Test
    void everyCodeMatchesItsDefine() throws IOException {
        Map<String, Integer> d = defines();
        int checked = 0;
        for (DType t : DType.values()) {
            assertEquals(d.get("T_" + TYPE_NAMES.get(t)), KernelCodes.dtype(t), t.toString());
            checked++;
        }
        for (UnaryOp op : UnaryOp.values()) {
            assertEquals(d.get("U_" + op.name()), KernelCodes.unary(op), op.toString());
            checked++;
        }
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals(d.get("B_" + op.name()), KernelCodes.binary(op), op.toString());
            checked++;
        }
        for (ReduceOp op : ReduceOp.values()) {
            assertEquals(d.get("R_" + op.name()), KernelCodes.reduce(op), op.toString());
            checked++;
        }
        assertEquals(d.get("D_UNIFORM"), KernelCodes.UNIFORM);
        assertEquals(d.get("D_NORMAL"), KernelCodes.NORMAL);
        assertEquals(d.get("D_TRUNCATED_NORMAL"), KernelCodes.TRUNCATED_NORMAL);
        assertEquals(d.get("D_BERNOULLI"), KernelCodes.BERNOULLI);
        assertEquals(d.size(), checked + 4, "codes.cuh defines nothing Java does not name");
    }

    @Test
    void comparisonsAreTheCodesFromEqToXor() {
        // The binary kernels write bool for the codes B_EQ to B_XOR (compare = op >= B_EQ && op <= B_XOR).
        int eq = KernelCodes.binary(BinaryOp.EQ);
        int xor = KernelCodes.binary(BinaryOp.XOR);
        for (BinaryOp op : BinaryOp.values()) {
            int code = KernelCodes.binary(op);
            assertEquals(op.isComparison(), code >= eq && code <= xor, op.toString());
        }
    }

    @Test
    void elementBytesAreTheDeviceLayouts() {
        for (DType t : DType.values()) {
            assertEquals(t.byteSize(), KernelCodes.bytes(t), t.toString());
        }
    }
}
