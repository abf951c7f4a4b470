package dev.slipway.render.ignition;

import dev.slipway.pki.BootstrapToken;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps the kubelet bootstrap token that new nodes fetch valid without anyone remembering to: a timer on every
 * controller runs {@value #SCRIPT}, which creates a fresh bootstrap token Secret in the API server once the token at
 * the fixed keys ({@code s3://INFRA/ENV/nodes/ROLE/secrets/bootstrap-token}) has less than {@link #RENEW_WITHIN} left
 * (or is not one the API server accepts), and only then uploads it to every role's key.
 *
 * <p>Why here and not elsewhere: kubeadm's answer to token lifetime is a 24-hour token and a person running
 * {@code kubeadm token create} for each join; Typhoon and kops avoid a shared expiring token altogether (Typhoon
 * renders a bootstrap token with no expiry into each node's config; kops' kops-controller issues node credentials
 * after checking the instance's identity with EC2). Slipway's nodes join with an expiring shared token, so something
 * must renew it on a schedule: the controllers already hold the cluster CA key (the controller-manager signs with it)
 * and an instance role, run whether or not any add-on or Pod network does, and their OS ships what it takes (bash,
 * openssl, curl with {@code --aws-sigv4}, coreutils): no image to pull, no credential to hand a Pod.
 *
 * <p>Ordering and races: the Secret is created (201) before anything is uploaded, so a node never fetches a token the
 * API server does not know. The next token's id is derived from the current one, so controllers that renew at the
 * same moment all POST the same Secret name: one gets 201, the others 409, read that Secret's token and upload the
 * same bytes. Each key is written only when it holds something else, so a run with nothing due writes nothing.
 * Expired token Secrets are deleted by the controller-manager's {@code tokencleaner} (enabled in its flags).
 *
 * <p>The API credential is a one-day client certificate minted per run for {@value #USER}, which RBAC allows only
 * {@code get} and {@code create} on Secrets in {@code kube-system}; the S3 credential is the controller's instance
 * role, allowed {@code s3:GetObject} and {@code s3:PutObject} on exactly these keys (render/terraform, Iam).
 */
public final class BootstrapTokenRenewal {
    /** A token with less than this left is replaced; 10 of 14 days, so doctor's 7-day warning means the timer stopped. */
    public static final Duration RENEW_WITHIN = Duration.ofDays(10);
    static final String SCRIPT = "/opt/slipway/bin/bootstrap-token-renewal";
    static final String SERVICE = "bootstrap-token-renewal.service";
    static final String TIMER = "bootstrap-token-renewal.timer";
    static final String USER = "slipway:bootstrap-token-renewer";
    /** Metadata the uploads carry: the token's expiry, which {@code sync} and {@code doctor} read. */
    public static final String EXPIRES_METADATA = "slipway-expires";

    private BootstrapTokenRenewal() {
    }

    /** RBAC for {@value #USER}: read and create Secrets in kube-system, nothing else. */
    static Role role() {
        return new RoleBuilder()
                .withNewMetadata().withName(USER).withNamespace("kube-system")
                .addToLabels("app.kubernetes.io/managed-by", "slipway").endMetadata()
                .addNewRule().withApiGroups("").withResources("secrets").withVerbs("create", "get").endRule()
                .build();
    }

    static RoleBinding roleBinding() {
        return new RoleBindingBuilder()
                .withNewMetadata().withName(USER).withNamespace("kube-system")
                .addToLabels("app.kubernetes.io/managed-by", "slipway").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(USER)
                .endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(USER)
                .endSubject()
                .build();
    }

    static String service() {
        return """
                [Unit]
                Description=Renew the kubelet bootstrap token new nodes fetch from S3, when it is due
                Wants=network-online.target
                After=network-online.target cluster-bootstrap.service
                [Service]
                Type=oneshot
                ExecStart=%s
                """.formatted(SCRIPT);
    }

    /** Hourly, spread over ten minutes; a missed run (controller down) runs at boot. */
    static String timer() {
        return """
                [Unit]
                Description=Renew the kubelet bootstrap token when it is due
                [Timer]
                OnBootSec=10min
                OnUnitActiveSec=1h
                RandomizedDelaySec=10min
                [Install]
                WantedBy=timers.target
                """;
    }

    /** The S3 keys of every role's token, in role order (the controllers' first). */
    public static List<String> keys(Environment env) {
        return NodeRole.of(env).stream().map(r -> env.provisioningPrefix() + ProvisioningKeys.bootstrapToken(r))
                .toList();
    }

    static String script(Environment env) {
        String keys = keys(env).stream().map(k -> "  " + k).collect(Collectors.joining("\n"));
        String region = env.aws().region();
        return """
                #!/bin/bash
                # Renews the kubelet bootstrap token that new nodes fetch from S3 (see bootstrap-token-renewal.timer).
                # 1. The token at the first key: if the API server accepts it for more than %1$d days, keep it.
                # 2. Else create the next one in the API server. Its id follows from the current id, so controllers
                #    renewing at once create the same Secret: one gets 201, the others 409 and take that token.
                # 3. Upload the accepted token to every key that holds something else, and only then.
                set -euo pipefail
                pki=/etc/kubernetes/pki
                api=https://127.0.0.1:6443
                imds=http://169.254.169.254
                # Virtual-hosted S3 in the aws partition (validate refuses regions of other partitions).
                bucket=https://%2$s.s3.%3$s.amazonaws.com
                region=%3$s
                keys=(
                %4$s
                )
                renew_within=$((%1$d * 86400))
                lifetime=$((%5$d * 86400))
                group=%6$s
                work=$(mktemp -d)
                trap 'rm -rf "$work"' EXIT
                umask 077

                fail() { echo "$*" >&2; exit 1; }

                # The API credential: a one-day client certificate of this script's own user (RBAC: get and create
                # Secrets in kube-system), from the cluster CA key the controller holds anyway.
                printf 'extendedKeyUsage=clientAuth\\nkeyUsage=critical,digitalSignature\\n' > "$work/ext"
                openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key" \\
                  -subj '/CN=%7$s' -out "$work/csr" 2>/dev/null
                openssl x509 -req -in "$work/csr" -CA $pki/ca.crt -CAkey $pki/ca.key -CAcreateserial \\
                  -CAserial "$work/serial" -days 1 -extfile "$work/ext" -out "$work/crt" 2>/dev/null
                kube() {
                  curl -sS -o "$work/body" -w '%%{http_code}' --cacert $pki/ca.crt --cert "$work/crt" --key "$work/key" "$@"
                }

                # The instance role's credentials (IMDSv2), into a curl config file: never on a command line.
                imds_token=$(curl -sSf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$imds/latest/api/token")
                role=$(curl -sSf -H "X-aws-ec2-metadata-token: $imds_token" \\
                  "$imds/latest/meta-data/iam/security-credentials/")
                curl -sSf -H "X-aws-ec2-metadata-token: $imds_token" -o "$work/credentials" \\
                  "$imds/latest/meta-data/iam/security-credentials/${role%%%%$'\\n'*}"
                credential() { grep -o "\\"$1\\" *: *\\"[^\\"]*\\"" "$work/credentials" | sed 's/.*"\\([^"]*\\)"$/\\1/'; }
                {
                  printf 'user = "%%s:%%s"\\n' "$(credential AccessKeyId)" "$(credential SecretAccessKey)"
                  printf 'header = "x-amz-security-token: %%s"\\n' "$(credential Token)"
                } > "$work/aws"
                s3() { curl -sS -K "$work/aws" --aws-sigv4 "aws:amz:$region:s3" "$@"; }
                # S3 wants the payload's SHA-256 signed in x-amz-content-sha256; a GET's payload is empty.
                no_payload=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

                # A field of the Secret in $work/body, decoded. The API server pretty-prints JSON for curl's user
                # agent ("key": "value"), so a space may follow the colon.
                datum() { grep -o "\\"$1\\": *\\"[^\\"]*\\"" "$work/body" | head -n 1 | sed 's/.*: *"\\(.*\\)"$/\\1/' | base64 -d; }
                # Until when (seconds since the epoch) the API server accepts token $1 as a Slipway bootstrap token;
                # nothing when it does not (no such Secret, another secret, not for authentication, expired).
                accepted_until() {
                  local id=${1%%%%.*} secret=${1#*.} t
                  [ "$(kube "$api/api/v1/namespaces/kube-system/secrets/bootstrap-token-$id")" = 200 ] || return 0
                  [ "$(datum token-secret)" = "$secret" ] || return 0
                  [ "$(datum usage-bootstrap-authentication)" = true ] || return 0
                  [ "$(datum auth-extra-groups)" = "$group" ] || return 0
                  t=$(date -u -d "$(datum expiration)" +%%s) || return 0
                  [ "$t" -gt "$(date -u +%%s)" ] && echo "$t"
                  return 0
                }
                random() { (set +o pipefail; tr -dc 'a-z0-9' < /dev/urandom | head -c "$1"); }
                next_id() { if [ -n "$1" ]; then printf 'slipway-next:%%s' "$1" | sha256sum | cut -c 1-6; else random 6; fi; }

                token=""
                code=$(s3 -o "$work/current" -w '%%{http_code}' -H "x-amz-content-sha256: $no_payload" "$bucket/${keys[0]}")
                [ "$code" = 200 ] && token=$(tr -d '[:space:]' < "$work/current")
                [[ "$token" =~ ^[a-z0-9]{6}[.][a-z0-9]{16}$ ]] || token=""
                good_until=""
                [ -z "$token" ] || good_until=$(accepted_until "$token")
                now=$(date -u +%%s)
                if [ -n "$good_until" ] && [ $((good_until - now)) -ge "$renew_within" ]; then
                  echo "bootstrap token ${token%%%%.*} is valid until $(date -u -d "@$good_until" +%%Y-%%m-%%dT%%H:%%M:%%SZ): nothing to renew"
                else
                  id=$(next_id "${token%%%%.*}")
                  token=""
                  for attempt in 1 2 3 4 5; do
                    secret=$(random 16)
                    expires=$(date -u -d "@$((now + lifetime))" +%%Y-%%m-%%dT%%H:%%M:%%SZ)
                    printf '{"apiVersion":"v1","kind":"Secret","type":"bootstrap.kubernetes.io/token",%%s%%s%%s\\n' \\
                      "\\"metadata\\":{\\"name\\":\\"bootstrap-token-$id\\",\\"namespace\\":\\"kube-system\\"," \\
                      "\\"labels\\":{\\"app.kubernetes.io/managed-by\\":\\"slipway\\"}},\\"stringData\\":{\\"token-id\\":\\"$id\\"," \\
                      "\\"token-secret\\":\\"$secret\\",\\"expiration\\":\\"$expires\\",\\"usage-bootstrap-authentication\\":\\"true\\",\\"usage-bootstrap-signing\\":\\"true\\",\\"auth-extra-groups\\":\\"$group\\"}}" \\
                      > "$work/secret.json"
                    code=$(kube -X POST -H 'Content-Type: application/json' --data-binary "@$work/secret.json" \\
                      "$api/api/v1/namespaces/kube-system/secrets")
                    case "$code" in
                      201) token=$id.$secret; echo "created bootstrap token $id, valid until $expires"; break ;;
                      409)
                        kube "$api/api/v1/namespaces/kube-system/secrets/bootstrap-token-$id" > /dev/null
                        other=$id.$(datum token-secret || true)
                        good_until=$(accepted_until "$other")
                        if [ -n "$good_until" ] && [ $((good_until - now)) -ge "$renew_within" ]; then
                          token=$other
                          echo "bootstrap token $id was created by another controller: using it"
                          break
                        fi
                        id=$(next_id "$id") ;;
                      *) fail "creating bootstrap token $id failed: HTTP $code" ;;
                    esac
                  done
                  [ -n "$token" ] || fail "no bootstrap token could be created"
                  good_until=$(accepted_until "$token")
                  [ -n "$good_until" ] || fail "the API server does not accept bootstrap token ${token%%%%.*}: not uploaded"
                fi

                expires=$(date -u -d "@$good_until" +%%Y-%%m-%%dT%%H:%%M:%%SZ)
                printf '%%s' "$token" > "$work/token"
                sha=$(sha256sum "$work/token" | cut -d ' ' -f 1)
                for key in "${keys[@]}"; do
                  code=$(s3 -o "$work/remote" -w '%%{http_code}' -H "x-amz-content-sha256: $no_payload" "$bucket/$key")
                  if [ "$code" = 200 ] && [ "$(cat "$work/remote")" = "$token" ]; then
                    continue
                  fi
                  code=$(s3 -o /dev/null -w '%%{http_code}' -X PUT -H 'Content-Type: application/octet-stream' \\
                    -H "x-amz-content-sha256: $sha" -H 'x-amz-server-side-encryption: AES256' \\
                    -H "x-amz-meta-%8$s: $expires" --data-binary "@$work/token" "$bucket/$key")
                  [ "$code" = 200 ] || fail "uploading bootstrap token ${token%%%%.*} to $key failed: HTTP $code"
                  echo "uploaded bootstrap token ${token%%%%.*} (valid until $expires) to $key"
                done
                """.formatted(RENEW_WITHIN.toDays(), env.infraBucket(), region, keys,
                BootstrapToken.LIFETIME.toDays(), ClusterBootstrap.EXTRA_GROUP, USER, EXPIRES_METADATA);
    }
}
