package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import java.util.List;

/** One of {@code slipway doctor}'s checks: reads a snapshot of the cluster (and what else it was given), finds. */
public interface DoctorCheck {
    /** Short, stable name for JSON and the dump, e.g. {@code nodes}. */
    String name();

    /** What it checks, one line, e.g. "nodes Ready and initialized by the cloud controller". */
    String title();

    /** What is wrong; empty when all is well. */
    List<Finding> examine(ClusterSnapshot cluster);
}
