package dev.slipway.operate.up;

import dev.slipway.apply.S3Sync;
import dev.slipway.apply.SyncListener;
import dev.slipway.apply.SyncPlan;
import dev.slipway.apply.SyncResult;
import dev.slipway.operate.Step;
import java.nio.file.Path;

/** {@code sync}: the nodes' provisioning files uploaded. Done when the sync plan uploads nothing. */
public final class SyncStep implements Step {
    private final S3Sync sync;
    private final Path provisioning;
    private final String bucket;
    private final String prefix;
    private final SyncListener listener;
    private SyncPlan planned;

    public SyncStep(S3Sync sync, Path provisioning, String bucket, String prefix, SyncListener listener) {
        this.sync = sync;
        this.provisioning = provisioning;
        this.bucket = bucket;
        this.prefix = prefix;
        this.listener = listener;
    }

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public String intent() {
        return "upload the nodes' files to s3://" + bucket + "/" + prefix;
    }

    @Override
    public Check check() {
        if (planned == null) {
            // made once: what was shown before asking is what is uploaded
            planned = sync.plan(provisioning, bucket, prefix, false);
        }
        return planned.uploads().isEmpty() ? Check.done(planned.unchanged() + " objects unchanged")
                : Check.toDo(planned.uploads().size() + " objects to upload");
    }

    @Override
    public String run() {
        if (planned == null) {
            check();
        }
        SyncResult r = sync.apply(planned, listener);
        planned = null;
        return "uploaded " + r.uploaded() + ", unchanged " + r.unchanged();
    }
}
