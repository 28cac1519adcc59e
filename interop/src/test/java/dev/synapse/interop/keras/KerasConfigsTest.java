package dev.synapse.interop.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.Json;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerRegistry;
import dev.synapse.nn.Model;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keras 2's and Keras 3's config forms translate to the same Synapse model; what Synapse lacks is named. */
class KerasConfigsTest {
    /** A tf.keras 2 functional config (inbound nodes as nested lists, alpha for LeakyReLU's slope). */
    private static final String KERAS2 = """
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "name": "in",
               "config": {"batch_input_shape": [null, 4], "dtype": "float32", "name": "in"}, "inbound_nodes": []},
              {"class_name": "Dense", "name": "a",
               "config": {"name": "a", "units": 3, "activation": "linear", "use_bias": true,
                          "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}},
               "inbound_nodes": [[["in", 0, 0, {}]]]},
              {"class_name": "LeakyReLU", "name": "b", "config": {"name": "b", "alpha": 0.1},
               "inbound_nodes": [[["a", 0, 0, {}]]]},
              {"class_name": "Concatenate", "name": "c", "config": {"name": "c", "axis": -1},
               "inbound_nodes": [[["b", 0, 0, {}], ["in", 0, 0, {}]]]}],
             "input_layers": [["in", 0, 0]], "output_layers": [["c", 0, 0]]}}
            """;

    @Test
    void keras2FunctionalConfigBuildsTheGraph() {
        Map<String, Object> synapse = KerasConfigs.toSynapse(Json.parseObject(KERAS2));
        Model m = (Model) LayerRegistry.fromConfig(synapse);
        assertEquals(
                List.of("in", "a", "b", "c"),
                m.layers().stream().map(Layer::name).toList());
        assertEquals(0.1, (Double) m.getLayer("b").getConfig().get("negative_slope"));
        assertEquals(
                List.of(-1, 7),
                java.util.Arrays.stream(m.outputs().get(0).shape()).boxed().toList());
    }

    @Test
    void unknownLayerTypesAndArgumentsAreNamed() {
        String unknown = KERAS2.replace("\"Concatenate\"", "\"MyAttention\"");
        Map<String, Object> synapse = KerasConfigs.toSynapse(Json.parseObject(unknown));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LayerRegistry.fromConfig(synapse));
        assertTrue(e.getMessage().contains("MyAttention"), e.getMessage());

        String argument = KERAS2.replace("\"units\": 3,", "\"units\": 3, \"lora_rank\": 4,");
        Map<String, Object> withArgument = KerasConfigs.toSynapse(Json.parseObject(argument));
        Model m = (Model) LayerRegistry.fromConfig(withArgument);
        @SuppressWarnings("unchecked")
        Map<String, Object> dense = (Map<String, Object>)
                ((List<Object>) ((Map<String, Object>) withArgument.get("config")).get("layers")).get(1);
        IllegalArgumentException a =
                assertThrows(IllegalArgumentException.class, () -> KerasConfigs.checkArguments(m.getLayer("a"), dense));
        assertTrue(a.getMessage().contains("'lora_rank' = 4") && a.getMessage().contains("Dense 'a'"), a.getMessage());
    }

    @Test
    void mixedPrecisionPoliciesAreRefused() {
        String mixed = KERAS2.replace(
                "\"units\": 3,",
                "\"units\": 3, \"dtype\": {\"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"mixed_float16\"}},");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> KerasConfigs.toSynapse(Json.parseObject(mixed)));
        assertTrue(e.getMessage().contains("mixed_float16"), e.getMessage());
    }

    @Test
    void weightPathsFollowKerasNaming() {
        assertEquals(
                List.of("dense", "conv2d_transpose", "dense_1", "batch_normalization", "leaky_re_lu", "max_pooling2d"),
                KerasConfigs.weightPaths(List.of(
                        "Dense", "Conv2DTranspose", "Dense", "BatchNormalization", "LeakyReLU", "MaxPooling2D")));
    }
}
