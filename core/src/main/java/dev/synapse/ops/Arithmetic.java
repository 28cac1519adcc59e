package dev.synapse.ops;

import dev.synapse.autograd.Autograd;
import dev.synapse.backend.BinaryOp;
import dev.synapse.backend.UnaryFunction;
import dev.synapse.backend.UnaryOp;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;

/**
 * Elementwise arithmetic, comparisons, {@code where}, casts and device moves, each with its
 * backward rule. Binary ops broadcast as NumPy does and promote dtypes as {@code torch.result_type}
 * ({@link DType#promote}); a Java scalar takes the tensor's dtype unless it needs a higher category
 * ({@link #scalarFor}).
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** A rank-0 tensor for a Java scalar used with {@code t}: it takes t's dtype unless that would truncate it. */
    public static Tensor scalarFor(Tensor t, double s) {
        DType dt = t.dtype();
        boolean integral = s == Math.rint(s) && !Double.isInfinite(s);
        if (!dt.isFloating() && !integral) {
            dt = DType.FLOAT32;
        } else if (dt == DType.BOOL) {
            dt = DType.INT64;
        }
        return Tensor.scalarLike(s, dt, t);
    }

    /** Runs a binary kernel into a new tensor of the broadcast shape and the promoted (or bool) dtype. */
    static Tensor binaryKernel(BinaryOp op, String name, Tensor a, Tensor b) {
        OpSupport.sameDevice(name, a, b);
        int[] shape = Shape.broadcast(a.dims(), b.dims(), name);
        DType dt = op.isComparison() ? DType.BOOL : DType.promote(a.dtype(), b.dtype());
        Tensor out = OpSupport.uninitialized(a, dt, shape);
        a.backend().binary(op, a, b, out);
        return out;
    }

    /** Runs a unary kernel into a new tensor of x's shape and dtype. */
    static Tensor unaryKernel(UnaryFunction f, Tensor x) {
        Tensor out = OpSupport.uninitialized(x, x.dtype(), x.dims());
        x.backend().unary(f, x, out);
        return out;
    }

    /** Runs the kernel of a unary function without parameters into a new tensor of x's shape and dtype. */
    static Tensor unaryKernel(UnaryOp op, Tensor x) {
        return unaryKernel(UnaryFunction.of(op), x);
    }

    /** Runs a unary kernel on a float tensor, converting ints to float32 first (as {@code torch.exp(int_tensor)}). */
    static Tensor floatUnaryKernel(UnaryFunction f, Tensor x) {
        Tensor xf = x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
        return unaryKernel(f, xf);
    }

    /** {@link #floatUnaryKernel(UnaryFunction, Tensor)} for a function without parameters. */
    static Tensor floatUnaryKernel(UnaryOp op, Tensor x) {
        return floatUnaryKernel(UnaryFunction.of(op), x);
    }

    /** {@code a + b} with broadcasting ({@code torch.add}, {@code tf.add}). */
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = binaryKernel(BinaryOp.ADD, "add", a, b);
        return Autograd.record(
                out,
                "add",
                Autograd.NOTHING_SAVED,
                g -> new Tensor[] {g.sumToShape(a.dims()), g.sumToShape(b.dims())},
                a,
                b);
    }

    /** {@code a - b} with broadcasting ({@code torch.sub}). */
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binaryKernel(BinaryOp.SUB, "sub", a, b);
        return Autograd.record(
                out,
                "sub",
                Autograd.NOTHING_SAVED,
                g -> new Tensor[] {g.sumToShape(a.dims()), g.neg().sumToShape(b.dims())},
                a,
                b);
    }

    /** {@code a * b} elementwise with broadcasting ({@code torch.mul}). */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binaryKernel(BinaryOp.MUL, "mul", a, b);
        return Autograd.record(
                out,
                "mul",
                OpSupport.savedForProduct(a, b),
                g -> new Tensor[] {
                    a.requiresGrad() ? g.mul(b).sumToShape(a.dims()) : null,
                    b.requiresGrad() ? g.mul(a).sumToShape(b.dims()) : null
                },
                a,
                b);
    }

    /** {@code a / b} elementwise, true division (integers become float32) ({@code torch.div}). */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor af = a.dtype().isFloating() || b.dtype().isFloating() ? a : a.to(DType.FLOAT32);
        Tensor out = binaryKernel(BinaryOp.DIV, "div", af, b);
        return Autograd.record(
                out,
                "div",
                new Tensor[] {b, b.requiresGrad() ? out : null},
                g -> new Tensor[] {
                    af.requiresGrad() ? g.div(b).sumToShape(af.dims()) : null,
                    b.requiresGrad() ? g.mul(out).div(b).neg().sumToShape(b.dims()) : null
                },
                af,
                b);
    }

    /** {@code -x} ({@code torch.neg}). */
    public static Tensor neg(Tensor x) {
        Tensor out = unaryKernel(UnaryOp.NEG, x);
        return Autograd.record(out, "neg", Autograd.NOTHING_SAVED, g -> new Tensor[] {g.neg()}, x);
    }

    /** {@code x ^ p} for a scalar exponent ({@code torch.pow}). */
    public static Tensor pow(Tensor x, double p) {
        Tensor out = floatUnaryKernel(new UnaryFunction.PowScalar(p), x);
        return Autograd.record(
                out, "pow", g -> new Tensor[] {g.mul(x.pow(p - 1)).mul(p)}, x);
    }

    /** {@code a ^ b} elementwise with broadcasting ({@code torch.pow}). */
    public static Tensor pow(Tensor a, Tensor b) {
        Tensor out = binaryKernel(BinaryOp.POW, "pow", a, b);
        Tensor[] saved = {a, a.requiresGrad() ? b : null, b.requiresGrad() ? out : null};
        return Autograd.record(
                out,
                "pow",
                saved,
                g -> new Tensor[] {
                    a.requiresGrad() ? g.mul(b).mul(a.pow(b.sub(1.0))).sumToShape(a.dims()) : null,
                    b.requiresGrad() ? g.mul(out).mul(a.log()).sumToShape(b.dims()) : null
                },
                a,
                b);
    }

    /** Square root ({@code torch.sqrt}). */
    public static Tensor sqrt(Tensor x) {
        Tensor out = floatUnaryKernel(UnaryOp.SQRT, x);
        return Autograd.record(out, "sqrt", new Tensor[] {out}, g -> new Tensor[] {g.div(out.mul(2.0))}, x);
    }

    /** {@code 1 / sqrt(x)} ({@code torch.rsqrt}). */
    public static Tensor rsqrt(Tensor x) {
        Tensor out = floatUnaryKernel(UnaryOp.RSQRT, x);
        return Autograd.record(
                out,
                "rsqrt",
                new Tensor[] {out},
                g -> new Tensor[] {g.mul(out.pow(3.0)).mul(-0.5)},
                x);
    }

    /** {@code e ^ x} ({@code torch.exp}). */
    public static Tensor exp(Tensor x) {
        Tensor out = floatUnaryKernel(UnaryOp.EXP, x);
        return Autograd.record(out, "exp", new Tensor[] {out}, g -> new Tensor[] {g.mul(out)}, x);
    }

    /** Natural logarithm ({@code torch.log}). */
    public static Tensor log(Tensor x) {
        Tensor out = floatUnaryKernel(UnaryOp.LOG, x);
        return Autograd.record(out, "log", g -> new Tensor[] {g.div(x)}, x);
    }

    /** {@code log(1 + x)}, accurate near zero ({@code torch.log1p}). */
    public static Tensor log1p(Tensor x) {
        Tensor out = floatUnaryKernel(UnaryOp.LOG1P, x);
        return Autograd.record(out, "log1p", g -> new Tensor[] {g.div(x.add(1.0))}, x);
    }

    /** Absolute value; the gradient at 0 is 0 ({@code torch.abs}). */
    public static Tensor abs(Tensor x) {
        Tensor out = unaryKernel(UnaryOp.ABS, x);
        return Autograd.record(out, "abs", g -> new Tensor[] {g.mul(x.sign())}, x);
    }

    /** -1, 0 or 1; its gradient is zero almost everywhere, so it records nothing. */
    public static Tensor sign(Tensor x) {
        return unaryKernel(UnaryOp.SIGN, x);
    }

    /** {@code x * x} ({@code torch.square}). */
    public static Tensor square(Tensor x) {
        Tensor out = unaryKernel(UnaryOp.SQUARE, x);
        return Autograd.record(out, "square", g -> new Tensor[] {g.mul(x).mul(2.0)}, x);
    }

    /**
     * Values limited to {@code [min, max]} ({@code torch.clamp}, {@code tf.clip_by_value}); NaN stays
     * NaN. The gradient passes inside the range and is 0 at NaN, as in PyTorch.
     */
    public static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        Tensor out = unaryKernel(new UnaryFunction.Clamp(min, max), x);
        return Autograd.record(
                out,
                "clamp",
                g -> {
                    Tensor inside = x.ge(scalarFor(x, min)).and(x.le(scalarFor(x, max)));
                    return new Tensor[] {where(inside, g, Tensor.zerosLike(g))};
                },
                x);
    }

    /**
     * Elementwise maximum ({@code torch.maximum}, {@code keras.ops.maximum}); NaN if either is NaN, as
     * in PyTorch. Where equal, the gradient goes to {@code a} (as TensorFlow); where either is NaN,
     * both receive it (as PyTorch).
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = binaryKernel(BinaryOp.MAXIMUM, "maximum", a, b);
        return Autograd.record(
                out,
                "maximum",
                g -> {
                    Tensor zero = Tensor.zerosLike(g);
                    // Each side loses the gradient only where it strictly lost; comparisons with NaN are false.
                    return new Tensor[] {
                        where(a.lt(b), zero, g).sumToShape(a.dims()),
                        where(a.ge(b), zero, g).sumToShape(b.dims())
                    };
                },
                a,
                b);
    }

    /**
     * Elementwise minimum ({@code torch.minimum}, {@code keras.ops.minimum}); NaN if either is NaN.
     * Where equal, the gradient goes to {@code a}; where either is NaN, both receive it.
     */
    public static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = binaryKernel(BinaryOp.MINIMUM, "minimum", a, b);
        return Autograd.record(
                out,
                "minimum",
                g -> {
                    Tensor zero = Tensor.zerosLike(g);
                    return new Tensor[] {
                        where(a.gt(b), zero, g).sumToShape(a.dims()),
                        where(a.le(b), zero, g).sumToShape(b.dims())
                    };
                },
                a,
                b);
    }

    /** A comparison or logical op: a bool result with no gradient. */
    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        if (!op.isComparison()) {
            throw new IllegalArgumentException("compare: " + op + " is not a comparison");
        }
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        if ((op == BinaryOp.AND || op == BinaryOp.OR || op == BinaryOp.XOR)
                && (a.dtype() != DType.BOOL || b.dtype() != DType.BOOL)) {
            throw new IllegalArgumentException(
                    name + ": expected bool tensors, got " + a.dtype() + " and " + b.dtype());
        }
        return binaryKernel(op, name, a, b);
    }

    /** Logical not of a bool tensor. */
    public static Tensor not(Tensor x) {
        if (x.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("not: expected a bool tensor, got " + x.dtype());
        }
        return unaryKernel(UnaryOp.NOT, x);
    }

    /** {@code cond ? a : b} with broadcasting of all three. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (cond.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(
                    "where: the condition must be bool, got " + cond.dtype() + " with shape " + cond.shape());
        }
        OpSupport.sameDevice("where", cond, a);
        OpSupport.sameDevice("where", a, b);
        int[] shape = Shape.broadcast(Shape.broadcast(cond.dims(), a.dims(), "where"), b.dims(), "where");
        Tensor out = OpSupport.empty(a, DType.promote(a.dtype(), b.dtype()), shape);
        a.backend().where(cond, a, b, out);
        return Autograd.record(
                out,
                "where",
                new Tensor[] {cond},
                g -> {
                    Tensor zero = Tensor.zerosLike(g);
                    return new Tensor[] {
                        null,
                        where(cond, g, zero).sumToShape(a.dims()),
                        where(cond, zero, g).sumToShape(b.dims())
                    };
                },
                cond,
                a,
                b);
    }

    /** {@code x} converted to {@code dtype}; the gradient is converted back. */
    public static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Tensor out = OpSupport.empty(x, dtype, x.dims());
        x.backend().copy(x, out);
        if (!dtype.isFloating()) {
            return out;
        }
        return Autograd.record(out, "cast", Autograd.NOTHING_SAVED, g -> new Tensor[] {g.to(x.dtype())}, x);
    }

    /** {@code x} copied to {@code device}; the gradient is copied back. */
    public static Tensor toDevice(Tensor x, Device device) {
        if (x.device().equals(device)) {
            return x;
        }
        Tensor out = DeviceTransfer.copy(x, device, DeviceTransfer.PIECE);
        Device from = x.device();
        return Autograd.record(out, "to", Autograd.NOTHING_SAVED, g -> new Tensor[] {g.to(from)}, x);
    }

    /**
     * {@code t = t op other} in place, with {@code other} broadcast to t's shape ({@code add_},
     * {@code mul_}, ...); records nothing and moves t's storage {@link Tensor#version()}.
     */
    public static Tensor inPlace(BinaryOp op, Tensor t, Tensor other) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT) + "_";
        t.checkInPlace(name);
        OpSupport.sameDevice(name, t, other);
        int[] shape = Shape.broadcast(t.dims(), other.dims(), name);
        if (!java.util.Arrays.equals(shape, t.dims())) {
            throw new IllegalArgumentException(name + ": cannot broadcast " + other.shape()
                    + " into the target's shape " + t.shape() + " in place");
        }
        t.backend().binary(op, t, other, t);
        t.incrementVersion();
        return t;
    }
}
