package dev.synapse.spark;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.jspecify.annotations.Nullable;

/** The kinds of input column {@link SynapseModel} reads, told apart by the column's Spark SQL type. */
enum InputKind {
    /** {@code array<float>}: the values, row-major, of one sample. */
    FLOAT_ARRAY("array<float>"),
    /** {@code array<double>}: the values of one sample, rounded to float32. */
    DOUBLE_ARRAY("array<double>"),
    /** A Spark ML {@code Vector} (dense or sparse), as {@code VectorAssembler} makes: rounded to float32. */
    VECTOR("ml Vector"),
    /** {@code binary}: a PNG or JPEG image's encoded bytes, decoded to the model's height, width and channels. */
    IMAGE("binary (PNG or JPEG bytes)");

    private final String description;

    InputKind(String description) {
        this.description = description;
    }

    /** The kind of a column of type {@code type}, or null when {@link SynapseModel} cannot read it. */
    static @Nullable InputKind of(DataType type) {
        if (type instanceof ArrayType a) {
            if (a.elementType().equals(DataTypes.FloatType)) {
                return FLOAT_ARRAY;
            }
            if (a.elementType().equals(DataTypes.DoubleType)) {
                return DOUBLE_ARRAY;
            }
            return null;
        }
        if (type.equals(SQLDataTypes.VectorType())) {
            return VECTOR;
        }
        if (type.equals(DataTypes.BinaryType)) {
            return IMAGE;
        }
        return null;
    }

    /** The column types accepted, for error messages. */
    static String accepted() {
        StringBuilder s = new StringBuilder();
        for (InputKind k : values()) {
            s.append(s.isEmpty() ? "" : ", ").append(k.description);
        }
        return s.toString();
    }
}
