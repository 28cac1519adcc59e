/**
 * Synapse on Apache Spark: batch inference over a DataFrame as a Spark ML {@code Transformer} and synchronous
 * data-parallel training in Spark's barrier execution mode. Spark is a provided dependency: applications run on their
 * cluster's Spark 4.2 (Scala 2.13).
 */
@NullMarked
package dev.synapse.spark;

import org.jspecify.annotations.NullMarked;
