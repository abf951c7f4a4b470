package dev.slipway.render.k8s.workloads;

/**
 * The scripts MongoDB's Pods run, shipped in a ConfigMap. Free text, so kept as text blocks: each says in its
 * comments why it does what it does, for the operator reading it in the cluster.
 */
final class MongoScripts {
    static final String RECONCILE_SH = "reconcile.sh";
    static final String RECONCILE_JS = "reconcile.js";
    static final String READY_JS = "ready.js";
    static final String BACKUP_DUMP_SH = "backup-dump.sh";
    static final String BACKUP_UPLOAD_SH = "backup-upload.sh";

    private MongoScripts() {
    }

    /**
     * Sidecar loop of every member: runs the reconciler against the local mongod every 15 seconds, one mongosh per
     * run (a long-lived mongosh grew past 200 MiB in a minute of runs; one run peaks near 141 MiB:
     * {@link Mongo#RECONCILER_MEMORY}).
     */
    static final String RECONCILE_LOOP = """
            #!/bin/bash
            # Keeps the replica set's membership equal to the StatefulSet's replicas and the root user's password equal
            # to the Secret's (reconcile.js). Runs on every member; only the primary (or member 0 before the set
            # exists) acts, so the loop is safe everywhere.
            set -u
            until mongosh --quiet --host 127.0.0.1 --eval 'db.runCommand({ping: 1}).ok' >/dev/null 2>&1; do
              sleep 2
            done
            while true; do
              mongosh --quiet --host 127.0.0.1 --file /scripts/reconcile.js || echo "reconcile failed; retrying"
              sleep 15
            done
            """;

    /**
     * Idempotent replica set reconciliation. Every step looks first: a second run with nothing to do changes
     * nothing. Member 0 initiates the set once, through MongoDB's localhost exception (no user exists yet), then
     * creates the root user from the credentials Secret. When the Secret's password no longer authenticates (it was
     * changed), the primary sets the root user's password to it, authenticated as the cluster's internal user
     * {@code __system} on {@code local}, whose password is the members' keyfile with whitespace removed (mongod's
     * keyfile handling, src/mongo/db/auth/security_key.cpp). Then the primary adds missing members and removes members
     * beyond {@code REPLICAS}, one per run, since a reconfig may change the voting membership by one node.
     */
    static final String RECONCILE = """
            // Replica set reconciler: see reconcile.sh. Never prints credentials.
            const fs = require('fs');
            const replicas = parseInt(process.env.REPLICAS, 10);
            const ordinal = parseInt(process.env.HOSTNAME.split('-').pop(), 10);
            const host = (i) => `mongo-${i}.mongo.mongo.svc.${process.env.CLUSTER_DOMAIN}:27017`;
            const user = process.env.MONGO_ROOT_USERNAME;
            const pwd = process.env.MONGO_ROOT_PASSWORD;
            const admin = db.getSiblingDB('admin');
            const authed = (dbName, credentials) => {
              try { return db.getSiblingDB(dbName).auth(credentials).ok === 1; } catch (e) { return false; }
            };
            let hello = admin.runCommand({hello: 1});
            if (!hello.setName) {
              if (ordinal !== 0) { quit(0); }  // others join when the primary adds them
              const r = admin.runCommand({replSetInitiate: {_id: 'rs0', members: [{_id: 0, host: host(0)}]}});
              print(`initiate replica set rs0 with ${host(0)}: ${r.ok === 1 ? 'ok' : r.codeName}`);
              for (let i = 0; i < 60 && !admin.runCommand({hello: 1}).isWritablePrimary; i++) { sleep(1000); }
              hello = admin.runCommand({hello: 1});
            }
            if (!hello.isWritablePrimary) { quit(0); }
            // The root user as the Secret says. While no user exists, MongoDB's localhost exception lets this create it. Once
            // one does, a Secret's password that no longer authenticates was changed: the cluster itself sets it, as the internal
            // user __system, whose password is the members' keyfile (whitespace removed), which this Pod holds.
            if (!authed('admin', {user: user, pwd: pwd})) {
              const created = admin.runCommand({createUser: user, pwd: pwd, roles: [{role: 'root', db: 'admin'}]});
              if (created.ok === 1) {
                print('created the root user');
              } else {
                const key = fs.readFileSync('/keyfile/keyfile', 'utf8').replace(/\\s/g, '');
                if (!authed('local', {user: '__system', pwd: key})) { print('cannot authenticate as the cluster'); quit(1); }
                const r = admin.runCommand({updateUser: user, pwd: pwd});
                print(`set the root user's password to the Secret's: ${r.ok === 1 ? 'ok' : r.codeName}`);
                db.getSiblingDB('local').logout();
              }
              if (!authed('admin', {user: user, pwd: pwd})) { print('the root user does not authenticate'); quit(1); }
            }
            const conf = admin.runCommand({replSetGetConfig: 1}).config;
            const want = Array.from({length: replicas}, (_, i) => host(i));
            const have = conf.members.map((m) => m.host);
            const extra = have.filter((h) => !want.includes(h));
            const missing = want.filter((h) => !have.includes(h));
            if (extra.length > 0) {
              conf.members = conf.members.filter((m) => m.host !== extra[extra.length - 1]);
              print(`remove member ${extra[extra.length - 1]}`);
            } else if (missing.length > 0) {
              const id = Math.max(...conf.members.map((m) => m._id)) + 1;
              conf.members.push({_id: id, host: missing[0]});
              print(`add member ${missing[0]}`);
            } else {
              quit(0);
            }
            conf.version += 1;
            const r = admin.runCommand({replSetReconfig: conf});
            print(`reconfigure: ${r.ok === 1 ? 'ok' : r.codeName + ' ' + r.errmsg}`);
            """;

    /** Readiness: this member is the primary or a secondary of the set (not starting, recovering or removed). */
    static final String READY = """
            const h = db.hello();
            quit(h.isWritablePrimary || h.secondary ? 0 : 1);
            """;

    /**
     * Backup, step 1 (mongo image): a gzipped archive of every database, read from a secondary when one exists. The
     * upload step runs as another user in this step's group, so the dump is written group-readable (umask 027) and
     * the password file owner-only, in a volume the upload step does not mount.
     */
    static final String BACKUP_DUMP = """
            #!/bin/bash
            set -euo pipefail
            # The password goes through a file, not the command line, so it does not show in the process list. YAML
            # single quotes take any character but ', which is written twice.
            q="'"
            (umask 077; printf "password: '%s'\\n" "${MONGO_ROOT_PASSWORD//$q/$q$q}" >/credentials/mongodump.yaml)
            # Group-readable, not world-readable: the upload container reads the dump through the Pod's group.
            umask 027
            mongodump --uri="$MONGO_URI" --username="$MONGO_ROOT_USERNAME" --authenticationDatabase=admin \\
              --config=/credentials/mongodump.yaml --readPreference=secondaryPreferred --gzip \\
              --archive=/dump/mongo.archive.gz
            rm -f /credentials/mongodump.yaml
            date -u +%Y%m%dT%H%M%SZ >/dump/stamp
            """;

    /**
     * Backup, step 2 (AWS CLI): upload under {@code ENV/backups/mongo/STAMP.archive.gz} in the infra bucket, then delete dumps older
     * than the retention. Names sort by time, so "older" is a string comparison with the cut-off's name.
     */
    static final String BACKUP_UPLOAD = """
            #!/bin/bash
            set -euo pipefail
            stamp=$(cat /dump/stamp)
            aws s3 cp --only-show-errors /dump/mongo.archive.gz "s3://$BUCKET/$PREFIX$stamp.archive.gz"
            echo "uploaded s3://$BUCKET/$PREFIX$stamp.archive.gz"
            cutoff=$(date -u -d "@$(( $(date -u +%s) - RETENTION_DAYS * 86400 ))" +%Y%m%dT%H%M%SZ)
            aws s3api list-objects-v2 --bucket "$BUCKET" --prefix "$PREFIX" --query 'Contents[].Key' --output text \\
              | tr '\\t' '\\n' | while read -r key; do
                name=${key#"$PREFIX"}
                if [[ -n "$name" && "$name" != None && "$name" < "$cutoff" ]]; then
                  aws s3 rm --only-show-errors "s3://$BUCKET/$key" && echo "expired $key"
                fi
              done
            """;
}
