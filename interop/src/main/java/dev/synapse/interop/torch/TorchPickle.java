package dev.synapse.interop.torch;

import dev.synapse.io.CorruptFileException;
import dev.synapse.tensor.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The restricted unpickler of {@code data.pkl} in a {@code torch.save} archive: the opcodes of protocols 2 to 5
 * that plain containers and numbers need, and a hard-coded allow-list of globals, as {@code
 * torch.load(weights_only=True)}: {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2}, {@code
 * torch._utils._rebuild_parameter} and the typed storages ({@code torch.FloatStorage}, ...). Globals are never
 * resolved to classes: each allowed one is a fixed rule here. Anything else (another global such as {@code
 * os.system}, an opcode outside the list) is a {@link CorruptFileException} naming the file, the entry and what
 * was refused.
 */
final class TorchPickle {
    /** Deeper nesting than this is not a state_dict (and would only grow the stack). */
    private static final int MAX_STACK = 100_000;

    private static final int MAX_DIMS = 32;

    /** Python's {@code None}. */
    enum None {
        NONE
    }

    /** A Python tuple (distinct from a list: torch's persistent ids and arguments are tuples). */
    record Tuple(List<Object> items) {}

    /** One of the allowed globals, by its module and name. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** A storage named by a persistent id: the entry {@code data/<key>} of {@code numel} elements of {@code dtype}. */
    record Storage(String key, DType dtype, long numel) {}

    /** A tensor as {@code _rebuild_tensor_v2} describes it: a strided view of a storage. */
    static final class TensorRef {
        final Storage storage;
        final long offset;
        final int[] size;
        final long[] stride;

        TensorRef(Storage storage, long offset, int[] size, long[] stride) {
            this.storage = storage;
            this.offset = offset;
            this.size = size;
            this.stride = stride;
        }
    }

    private static final Map<String, DType> STORAGES = Map.ofEntries(
            Map.entry("FloatStorage", DType.FLOAT32),
            Map.entry("DoubleStorage", DType.FLOAT64),
            Map.entry("HalfStorage", DType.FLOAT16),
            Map.entry("BFloat16Storage", DType.BFLOAT16),
            Map.entry("LongStorage", DType.INT64),
            Map.entry("IntStorage", DType.INT32),
            Map.entry("ShortStorage", DType.INT16),
            Map.entry("CharStorage", DType.INT8),
            Map.entry("ByteStorage", DType.UINT8),
            Map.entry("BoolStorage", DType.BOOL));

    private final byte[] b;
    private final String where;
    private int pos;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, Storage> storages = new LinkedHashMap<>();

    private TorchPickle(byte[] bytes, String where) {
        this.b = bytes;
        this.where = where;
    }

    /**
     * Unpickles {@code bytes}; {@code where} names the file and entry in errors. Returns the top-level object:
     * dicts as {@link LinkedHashMap}, lists as {@link ArrayList}, tuples as {@link Tuple}, tensors as {@link
     * TensorRef}.
     */
    static Object load(byte[] bytes, String where) throws CorruptFileException {
        return new TorchPickle(bytes, where).run();
    }

    private Object run() throws CorruptFileException {
        while (true) {
            if (pos >= b.length) {
                throw fail("the pickle ends without STOP (truncated)");
            }
            int at = pos;
            int op = b[pos++] & 0xFF;
            switch (op) {
                case 0x80 -> { // PROTO
                    int v = u8();
                    if (v < 2 || v > 5) {
                        throw fail("pickle protocol " + v + " (torch writes 2; 2 to 5 are read)");
                    }
                }
                case 0x95 -> skip(8); // FRAME: a hint only, the data follows inline
                case '.' -> {
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw fail("STOP with " + stack.size() + " objects on the stack");
                    }
                    return stack.get(0);
                }
                case '(' -> marks.add(stack.size());
                case '}' -> push(new LinkedHashMap<Object, Object>());
                case ']' -> push(new ArrayList<Object>());
                case ')' -> push(new Tuple(List.of()));
                case 'N' -> push(None.NONE);
                case 0x88 -> push(true);
                case 0x89 -> push(false);
                case 'J' -> push((long) i32());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) u16());
                case 0x8a -> push(long1());
                case 'G' ->
                    push(ByteBuffer.wrap(take(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'X' -> push(utf8(take(len32())));
                case 0x8c -> push(utf8(take(u8()))); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(take(len64()))); // BINUNICODE8
                case 'T' -> push(ascii(take(len32()))); // BINSTRING
                case 'U' -> push(ascii(take(u8()))); // SHORT_BINSTRING
                case 't' -> push(new Tuple(popMark()));
                case 0x85 -> push(new Tuple(List.of(pop())));
                case 0x86 -> {
                    Object y = pop();
                    push(new Tuple(List.of(pop(), y)));
                }
                case 0x87 -> {
                    Object z = pop();
                    Object y = pop();
                    push(new Tuple(List.of(pop(), y, z)));
                }
                case 'l' -> push(new ArrayList<>(popMark()));
                case 'd' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    putAll(m, items);
                    push(m);
                }
                case 'a' -> {
                    Object v = pop();
                    list(peek()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    dict(peek()).put(hashable(k), v);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    putAll(dict(peek()), items);
                }
                case 'q' -> memo.put((long) u8(), peek());
                case 'r' -> memo.put(len32(), peek());
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(recall(u8()));
                case 'j' -> push(recall(len32()));
                case 'c' -> push(global(line(), line()));
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw fail("STACK_GLOBAL needs two strings");
                    }
                    push(global(m, n));
                }
                case 'Q' -> push(persistent(pop()));
                case 'R' -> {
                    Object args = pop();
                    Object f = pop();
                    push(reduce(f, args));
                }
                case 'b' -> { // BUILD: only state_dict metadata ({'_metadata': ...}) set on a dict
                    Object state = pop();
                    if (!(peek() instanceof Map<?, ?>) || !(state instanceof Map<?, ?> || state == None.NONE)) {
                        throw fail("BUILD is allowed only on an OrderedDict (its _metadata)");
                    }
                }
                case '0' -> pop();
                case '2' -> push(peek());
                default -> throw fail(String.format("opcode 0x%02x at byte %d is not allowed (weights only)", op, at));
            }
        }
    }

    private Object global(String module, String name) throws CorruptFileException {
        Global g = new Global(module, name);
        boolean allowed = switch (module) {
            case "collections" -> name.equals("OrderedDict");
            case "torch._utils" -> name.equals("_rebuild_tensor_v2") || name.equals("_rebuild_parameter");
            case "torch" -> STORAGES.containsKey(name);
            default -> false;
        };
        if (!allowed) {
            throw fail("global " + g + " is not allowed (weights only: OrderedDict, _rebuild_tensor_v2, "
                    + "_rebuild_parameter and torch's typed storages)");
        }
        return g;
    }

    private Object reduce(Object f, Object argsObject) throws CorruptFileException {
        if (!(f instanceof Global g) || !(argsObject instanceof Tuple(List<Object> args))) {
            throw fail("REDUCE needs an allowed global and a tuple, got " + describe(f));
        }
        switch (g.name()) {
            case "OrderedDict" -> {
                if (!args.isEmpty()) {
                    throw fail("OrderedDict is rebuilt from no arguments, got " + args.size());
                }
                return new LinkedHashMap<Object, Object>();
            }
            case "_rebuild_parameter" -> {
                if (args.size() != 3 || !(args.get(0) instanceof TensorRef t)) {
                    throw fail("_rebuild_parameter(data, requires_grad, hooks) needs a tensor first");
                }
                return t;
            }
            case "_rebuild_tensor_v2" -> {
                return tensor(args);
            }
            default -> throw fail("global " + g + " cannot be called");
        }
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private TensorRef tensor(List<Object> args) throws CorruptFileException {
        if (args.size() < 6
                || args.size() > 7
                || !(args.get(0) instanceof Storage s)
                || !(args.get(1) instanceof Long offset)
                || !(args.get(2) instanceof Tuple(List<Object> size))
                || !(args.get(3) instanceof Tuple(List<Object> stride))
                || size.size() != stride.size()
                || size.size() > MAX_DIMS) {
            throw fail("_rebuild_tensor_v2 needs (storage, offset, size, stride, requires_grad, hooks), got "
                    + args.size() + " arguments");
        }
        int[] dims = new int[size.size()];
        long[] strides = new long[size.size()];
        long last = offset;
        boolean empty = false;
        for (int i = 0; i < dims.length; i++) {
            if (!(size.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw fail("tensor size " + size + " is not a list of sizes");
            }
            if (!(stride.get(i) instanceof Long st) || st < 0 || st > s.numel()) {
                throw fail("tensor stride " + stride + " is not a list of non-negative strides within the storage");
            }
            dims[i] = (int) (long) d;
            strides[i] = st;
            empty |= d == 0;
            last += (d - 1) * st;
        }
        if (offset < 0 || (!empty && (last >= s.numel() || last < offset))) {
            throw fail("tensor of size " + size + ", stride " + stride + " at offset " + offset
                    + " reaches past its storage of " + s.numel() + " elements");
        }
        return new TensorRef(s, offset, dims, strides);
    }

    /** {@code ('storage', torch.FloatStorage, key, location, numel)}: one storage per key, shared by its views. */
    private Storage persistent(Object pid) throws CorruptFileException {
        if (!(pid instanceof Tuple(List<Object> t))
                || t.size() != 5
                || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof Global g)
                || !STORAGES.containsKey(g.name())
                || !(t.get(2) instanceof String key)
                || !(t.get(3) instanceof String)
                || !(t.get(4) instanceof Long numel)
                || numel < 0) {
            throw fail("persistent id " + describe(pid) + " is not ('storage', torch.XStorage, key, location, numel)");
        }
        Storage s = new Storage(key, STORAGES.get(g.name()), numel);
        Storage known = storages.putIfAbsent(key, s);
        if (known != null && !known.equals(s)) {
            throw fail("storage '" + key + "' is declared twice, differently");
        }
        return s;
    }

    private static String describe(Object o) {
        return o instanceof Tuple || o instanceof Global || o instanceof String || o instanceof Number
                ? String.valueOf(o)
                : o.getClass().getSimpleName();
    }

    private Object hashable(Object k) throws CorruptFileException {
        if (k instanceof Map<?, ?> || k instanceof List<?>) {
            throw fail("a dict or list cannot be a dict key");
        }
        return k;
    }

    private void putAll(Map<Object, Object> m, List<Object> items) throws CorruptFileException {
        if (items.size() % 2 != 0) {
            throw fail("SETITEMS with an odd number of items");
        }
        for (int i = 0; i < items.size(); i += 2) {
            m.put(hashable(items.get(i)), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) throws CorruptFileException {
        if (!(o instanceof Map<?, ?>)) {
            throw fail("SETITEM on " + describe(o) + ", not a dict");
        }
        return (Map<Object, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws CorruptFileException {
        if (!(o instanceof ArrayList<?>)) {
            throw fail("APPEND on " + describe(o) + ", not a list");
        }
        return (List<Object>) o;
    }

    private Object recall(long key) throws CorruptFileException {
        Object o = memo.get(key);
        if (o == null) {
            throw fail("memo " + key + " was never stored");
        }
        return o;
    }

    private void push(Object o) throws CorruptFileException {
        if (stack.size() >= MAX_STACK) {
            throw fail("more than " + MAX_STACK + " objects on the stack");
        }
        stack.add(o);
    }

    private Object pop() throws CorruptFileException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw fail("stack underflow at byte " + (pos - 1));
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws CorruptFileException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw fail("stack underflow at byte " + (pos - 1));
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() throws CorruptFileException {
        if (marks.isEmpty()) {
            throw fail("no MARK before byte " + (pos - 1));
        }
        int m = marks.removeLast();
        List<Object> tail = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return tail;
    }

    private int u8() throws CorruptFileException {
        need(1);
        return b[pos++] & 0xFF;
    }

    private int u16() throws CorruptFileException {
        need(2);
        int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    private int i32() throws CorruptFileException {
        need(4);
        int v = ByteBuffer.wrap(b, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        pos += 4;
        return v;
    }

    private long len32() throws CorruptFileException {
        return i32() & 0xFFFF_FFFFL;
    }

    private long len64() throws CorruptFileException {
        need(8);
        long v = ByteBuffer.wrap(b, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        pos += 8;
        return v;
    }

    private long long1() throws CorruptFileException {
        int n = u8();
        if (n > 8) {
            throw fail("integer of " + n + " bytes is larger than 64 bits");
        }
        byte[] v = take(n);
        long x = 0;
        for (int i = n - 1; i >= 0; i--) {
            x = (x << 8) | (v[i] & 0xFF);
        }
        if (n > 0 && n < 8 && (v[n - 1] & 0x80) != 0) {
            x -= 1L << (8 * n); // two's complement of n bytes
        }
        return x;
    }

    private void need(long n) throws CorruptFileException {
        if (n < 0 || n > b.length - pos) {
            throw fail("a field of " + n + " bytes at byte " + pos + " runs past the end (" + b.length + " bytes)");
        }
    }

    private void skip(int n) throws CorruptFileException {
        need(n);
        pos += n;
    }

    private byte[] take(long n) throws CorruptFileException {
        need(n);
        byte[] out = new byte[(int) n];
        System.arraycopy(b, pos, out, 0, (int) n);
        pos += (int) n;
        return out;
    }

    private String line() throws CorruptFileException {
        int start = pos;
        while (pos < b.length && b[pos] != '\n') {
            pos++;
        }
        if (pos >= b.length) {
            throw fail("GLOBAL name runs past the end");
        }
        String s = ascii(java.util.Arrays.copyOfRange(b, start, pos));
        pos++;
        return s;
    }

    private String utf8(byte[] bytes) throws CorruptFileException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw fail("a string is not UTF-8");
        }
    }

    private String ascii(byte[] bytes) throws CorruptFileException {
        for (byte x : bytes) {
            if (x < 0x20 || x > 0x7e) {
                throw fail("a name is not printable ASCII");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private CorruptFileException fail(String message) {
        return new CorruptFileException(where + ": " + message);
    }
}
