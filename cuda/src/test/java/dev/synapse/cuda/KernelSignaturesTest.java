package dev.synapse.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each {@link Kernel}'s parameter list is the one nvcc compiled: read from the {@code .entry} declarations of the
 * shipped PTX (a parameter's PTX type and size), for every module and architecture, with no kernel left undeclared.
 */
class KernelSignaturesTest {
    private static final Pattern ENTRY = Pattern.compile("\\.visible \\.entry (\\w+)\\(([^)]*)\\)");
    private static final Pattern PARAM =
            Pattern.compile("\\.param\\s+(?:\\.align\\s+(\\d+)\\s+)?\\.(\\w+)\\s+\\w+(?:\\[(\\d+)\\])?");

    /** {@code type:bytes} of each parameter of each entry. */
    static Map<String, List<String>> entries(String ptx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Matcher e = ENTRY.matcher(ptx);
        while (e.find()) {
            List<String> params = new ArrayList<>();
            Matcher p = PARAM.matcher(e.group(2));
            while (p.find()) {
                String type = p.group(2);
                int bytes = p.group(3) != null ? Integer.parseInt(p.group(3)) : Integer.parseInt(type.substring(1)) / 8;
                if (p.group(3) != null) {
                    assertEquals("8", p.group(1), e.group(1) + ": structs are 8-byte aligned");
                }
                params.add(type + ":" + bytes);
            }
            out.put(e.group(1), params);
        }
        return out;
    }

    @Test
    void everyKernelsParametersAreTheCompiledOnes() {
        for (String arch : Ptx.ARCHITECTURES) {
            Set<String> declared = new HashSet<>();
            for (String module : Ptx.modules()) {
                Map<String, List<String>> compiled = entries(Ptx.text(module, arch));
                assertTrue(!compiled.isEmpty(), module + " has entries");
                for (Kernel k : Kernel.values()) {
                    if (!k.module.equals(module)) {
                        continue;
                    }
                    List<String> expected = k.params.stream()
                            .map(p -> p.ptxType + ":" + p.bytes)
                            .toList();
                    assertEquals(expected, compiled.get(k.entry), k + " in " + module + "." + arch);
                    declared.add(k.entry);
                }
                for (String entry : compiled.keySet()) {
                    assertTrue(declared.contains(entry), entry + " of " + module + " has no Kernel constant");
                }
            }
            assertEquals(Kernel.values().length, declared.size());
        }
    }

    @Test
    void theParserReadsStructsAndScalars() {
        String ptx = ".visible .entry f(\n\t.param .u32 f_param_0,\n\t.param .align 8 .b8 f_param_1[72],\n"
                + "\t.param .f64 f_param_2,\n\t.param .u64 f_param_3\n)";
        assertEquals(Map.of("f", List.of("u32:4", "b8:72", "f64:8", "u64:8")), entries(ptx));
    }
}
