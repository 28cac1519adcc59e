package dev.synapse.spark;

import java.io.Serializable;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/** A {@link ReplicaTask} as the Scala function {@code RDDBarrier.mapPartitions} takes. */
final class BarrierFunction extends AbstractFunction1<Iterator<Tuple2<Long, Sample>>, Iterator<ChunkResult>>
        implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ReplicaTask task;

    BarrierFunction(ReplicaTask task) {
        this.task = task;
    }

    @Override
    public Iterator<ChunkResult> apply(Iterator<Tuple2<Long, Sample>> rows) {
        return CollectionConverters.asScala(task.run(CollectionConverters.asJava(rows)));
    }
}
