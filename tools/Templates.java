import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands {@code *.java.template} files into one Java file per primitive type, so that the float, double, int and
 * long copies of a kernel are written once (the way the JDK generates its Vector API classes). The build runs it in
 * the generate-sources phase: {@code java tools/Templates.java TEMPLATE_DIR OUTPUT_DIR}.
 *
 * <p>A template is valid Java apart from its type names, so the formatter reads it like any source (it writes the
 * directives below as {@code // #types} and so on, which is read the same):
 *
 * <ul>
 *   <li>Its first line is {@code //#types float double} (any of float, double, int, long).
 *   <li>{@code $type$} becomes the primitive ({@code float}), {@code $Type$} its Vector API prefix ({@code Float},
 *       {@code Int}: {@code $Type$Vector} is {@code FloatVector}), {@code $Boxed$} its wrapper class ({@code
 *       Integer}). The file name takes the same tokens: {@code $Type$Loops.java.template} gives {@code
 *       FloatLoops.java}.
 *   <li>Lines between {@code //#if[KEY]}, an optional {@code //#else[KEY]} and {@code //#end[KEY]} are kept for the
 *       types that have KEY: the type's own name, {@code floating} (float, double) or {@code integral} (int, long);
 *       {@code //#if[!KEY]} inverts. They nest.
 * </ul>
 *
 * A file is rewritten only when its text changes, so an unchanged template does not trigger recompilation.
 */
public final class Templates {
    private record Type(String name, String vector, String boxed, Set<String> keys) {}

    private static final Map<String, Type> TYPES = Map.of(
            "float", new Type("float", "Float", "Float", Set.of("float", "floating")),
            "double", new Type("double", "Double", "Double", Set.of("double", "floating")),
            "int", new Type("int", "Int", "Integer", Set.of("int", "integral")),
            "long", new Type("long", "Long", "Long", Set.of("long", "integral")));

    private static final String SUFFIX = ".java.template";

    private Templates() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java Templates.java TEMPLATE_DIR OUTPUT_DIR");
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        if (!Files.isDirectory(in)) {
            return;
        }
        List<Path> templates;
        try (Stream<Path> files = Files.walk(in)) {
            templates = files.filter(p -> p.toString().endsWith(SUFFIX)).sorted().toList();
        }
        Set<Path> generated = new HashSet<>();
        for (Path template : templates) {
            expand(template, in.relativize(template), out, generated);
        }
        // A renamed or deleted template must not leave its old classes behind to be compiled.
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.walk(out)) {
                for (Path stale : files.filter(p -> p.toString().endsWith(".java") && !generated.contains(p))
                        .toList()) {
                    Files.delete(stale);
                }
            }
        }
    }

    private static void expand(Path template, Path relative, Path outRoot, Set<Path> generated)
            throws IOException {
        List<String> lines = Files.readAllLines(template, StandardCharsets.UTF_8);
        String header = lines.isEmpty() ? "" : directive(lines.get(0));
        if (!header.startsWith("//#types ")) {
            throw new IllegalArgumentException(template + ": the first line must be //#types followed by types");
        }
        String name = relative.getFileName().toString();
        String base = name.substring(0, name.length() - SUFFIX.length());
        for (String typeName : header.substring("//#types ".length()).trim().split("\\s+")) {
            Type type = TYPES.get(typeName);
            if (type == null) {
                throw new IllegalArgumentException(template + ": unknown type '" + typeName + "' in " + header);
            }
            String text = render(template, lines.subList(1, lines.size()), type);
            Path parent = relative.getParent();
            Path folder = parent == null ? outRoot : outRoot.resolve(parent);
            Path target = folder.resolve(substitute(base, type) + ".java");
            generated.add(target);
            write(target, "// Generated from " + relative.toString().replace('\\', '/') + " for " + type.name
                    + " by tools/Templates.java: edit the template, not this file.\n" + text);
        }
    }

    /** The template's lines for one type: conditionals resolved, tokens replaced. */
    private static String render(Path template, List<String> lines, Type type) {
        StringBuilder sb = new StringBuilder();
        // One entry per open //#if: its key, and whether the lines under it are kept.
        Deque<String> keys = new ArrayDeque<>();
        Deque<Boolean> kept = new ArrayDeque<>();
        boolean emitting = true;
        int lineNo = 1;
        for (String line : lines) {
            lineNo++;
            String directive = directive(line);
            if (directive.startsWith("//#if[")) {
                String key = key(template, lineNo, directive, "//#if[");
                keys.push(key);
                kept.push(emitting);
                emitting = emitting && holds(type, key);
            } else if (directive.startsWith("//#else[")) {
                String key = key(template, lineNo, directive, "//#else[");
                requireOpen(template, lineNo, keys, key);
                emitting = kept.peek() && !holds(type, key);
            } else if (directive.startsWith("//#end[")) {
                String key = key(template, lineNo, directive, "//#end[");
                requireOpen(template, lineNo, keys, key);
                keys.pop();
                emitting = kept.pop();
            } else if (directive.startsWith("//#")) {
                throw new IllegalArgumentException(template + ":" + lineNo + ": unknown directive " + directive);
            } else if (emitting) {
                sb.append(substitute(line, type)).append('\n');
            }
        }
        if (!keys.isEmpty()) {
            throw new IllegalArgumentException(template + ": //#if[" + keys.peek() + "] is never closed");
        }
        return sb.toString();
    }

    /** The line with a directive's comment marker written as {@code //#}: the formatter writes {@code // #}. */
    private static String directive(String line) {
        String s = line.strip();
        return s.startsWith("// #") ? "//#" + s.substring(4) : s;
    }

    /** Whether {@code key} ({@code float}, {@code floating}, {@code !integral}, ...) holds for {@code type}. */
    private static boolean holds(Type type, String key) {
        boolean negated = key.startsWith("!");
        return type.keys.contains(negated ? key.substring(1) : key) != negated;
    }

    private static String key(Path template, int lineNo, String directive, String prefix) {
        int close = directive.indexOf(']');
        if (close < 0) {
            throw new IllegalArgumentException(template + ":" + lineNo + ": missing ] in " + directive);
        }
        return directive.substring(prefix.length(), close);
    }

    private static void requireOpen(Path template, int lineNo, Deque<String> keys, String key) {
        if (!key.equals(keys.peek())) {
            throw new IllegalArgumentException(template + ":" + lineNo + ": [" + key + "] does not match the open "
                    + (keys.isEmpty() ? "nothing" : "//#if[" + keys.peek() + "]"));
        }
    }

    private static String substitute(String s, Type type) {
        return s.replace("$type$", type.name).replace("$Type$", type.vector).replace("$Boxed$", type.boxed);
    }

    private static void write(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
    }

}
