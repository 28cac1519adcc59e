package dev.synapse.train;

import dev.synapse.nn.Layer;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds the layers a {@link TrainingModule} holds in its own fields, as PyTorch registers the modules
 * assigned to a module's attributes: the default of {@link TrainingModule#layers()}.
 */
final class LayerFields {
    private LayerFields() {}

    /** The distinct layers in the instance fields declared by {@code module}'s classes below {@link TrainingModule}. */
    static List<Layer> of(TrainingModule<?> module) {
        List<Layer> out = new ArrayList<>();
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Class<?> c = module.getClass(); c != null && c != TrainingModule.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || !Layer.class.isAssignableFrom(f.getType())) {
                    continue;
                }
                Object value;
                try {
                    f.setAccessible(true);
                    value = f.get(module);
                } catch (InaccessibleObjectException | IllegalAccessException e) {
                    throw new IllegalStateException(
                            c.getName() + ": cannot read the layer field '" + f.getName()
                                    + "' to switch its training mode (" + e.getMessage()
                                    + "); override layers() to return "
                                    + "the module's layers, or open its package to Synapse",
                            e);
                }
                if (value instanceof Layer l && seen.add(l)) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}
