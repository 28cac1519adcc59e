package dev.synapse.backend.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.backend.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An element's result does not depend on where it falls in a loop: the vector body and the scalar
 * tail give the same bits, so a view and its contiguous copy agree exactly.
 */
class UnaryLoopsTest {

    @Test
    void float32TailsGiveTheBitsOfTheVectorLanes() {
        Random rng = new Random(5);
        int n = 2 * FloatUnaryLoops.S.length() + 3;
        float[] x = new float[n];
        float[] body = new float[n];
        float[] alone = new float[1];
        for (UnaryOp op : UnaryOp.values()) {
            if (op == UnaryOp.NOT) {
                continue;
            }
            for (int round = 0; round < 200; round++) {
                for (int i = 0; i < n; i++) {
                    x[i] = (float) (rng.nextGaussian() * 4);
                }
                FloatUnaryLoops.apply(op, x, 0, body, 0, n, 0.3, 6.0);
                for (int i = 0; i < n; i++) {
                    FloatUnaryLoops.apply(op, x, i, alone, 0, 1, 0.3, 6.0); // one element: the tail alone
                    if (Float.floatToIntBits(alone[0]) != Float.floatToIntBits(body[i])) {
                        fail(op + "(" + x[i] + "): " + body[i] + " in a loop of " + n + ", " + alone[0] + " alone");
                    }
                }
            }
        }
    }
}
