package dev.synapse.spark;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/** Keeps the samples whose epoch position falls in a chunk's steps, keyed by that position. */
final class ChunkRows implements PairFlatMapFunction<Tuple2<Sample, Long>, Long, Sample> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<int[]> positions;
    private final long low;
    private final long high;

    ChunkRows(Broadcast<int[]> positions, long low, long high) {
        this.positions = positions;
        this.low = low;
        this.high = high;
    }

    @Override
    public Iterator<Tuple2<Long, Sample>> call(Tuple2<Sample, Long> row) {
        long position = positions.value()[Math.toIntExact(row._2())];
        return position >= low && position < high
                ? Collections.singletonList(new Tuple2<>(position, row._1())).iterator()
                : Collections.emptyIterator();
    }
}
