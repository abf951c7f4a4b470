package dev.slipway.render.ignition;

import dev.slipway.pki.BootstrapTokens;
import dev.slipway.pki.IssuedBootstrapToken;
import dev.slipway.pki.ClusterAdminsBinding;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a new cluster needs before any kubelet can join, created by the controllers themselves (there is no kubeadm):
 * the bootstrap token's Secret, the RBAC that lets token holders request a node certificate and has those requests
 * (and later renewals) approved automatically, and the {@code kubeadm:cluster-admins} binding that gives the admin
 * kubeconfig its rights. A oneshot unit POSTs them to the local API server as soon as it is ready; 409 (already there)
 * counts as done, so every controller may run it on every boot.
 *
 * <p>Its credential is minted for each run from the cluster CA key the controller holds anyway (the controller-manager
 * signs with it), valid for one day and deleted when the script ends, under a name of its own
 * ({@value #USER}) so the audit log tells it apart. It has to be in {@code system:masters}: granting
 * {@code cluster-admin} through a binding needs every right of that role (RBAC's escalation check), and nothing is
 * bound yet. The break-glass super-admin key is therefore not on controllers, nor in their S3 files: only in the
 * state store.
 */
final class ClusterBootstrap {
    static final String DIR = "/etc/kubernetes/bootstrap/";
    private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings";
    private static final String SECRETS = "/api/v1/namespaces/kube-system/secrets";
    private static final String ROLES = "/apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/roles";
    private static final String ROLE_BINDINGS = "/apis/rbac.authorization.k8s.io/v1/namespaces/kube-system/rolebindings";
    static final String EXTRA_GROUP = "system:bootstrappers:slipway";
    static final String USER = "slipway:cluster-bootstrap";
    /** The bootstrap token Secrets' files (also what {@code deploy} applies to a running cluster). */
    public static final String TOKEN_FILE = "10-bootstrap-token.json";
    public static final String PREVIOUS_TOKEN_FILE = "11-bootstrap-token-previous.json";

    /** One object to create: the API collection it goes to, its file name, its JSON, and whether it is secret. */
    record Manifest(String collection, String file, String json, boolean secret) {
        @Override
        public String toString() {
            return "Manifest[" + file + "]";
        }
    }

    private ClusterBootstrap() {
    }

    static List<Manifest> manifests(BootstrapTokens tokens) {
        List<Manifest> out = new ArrayList<>();
        out.add(new Manifest(SECRETS, TOKEN_FILE, tokenSecret(tokens.current()), true));
        tokens.previous().ifPresent(p -> out.add(new Manifest(SECRETS, PREVIOUS_TOKEN_FILE, tokenSecret(p), true)));
        out.add(new Manifest(RBAC, "20-kubelet-bootstrap.json", KubeYaml.json(binding("slipway:kubelet-bootstrap",
                "system:node-bootstrapper", "system:bootstrappers")), false));
        out.add(new Manifest(RBAC, "21-node-autoapprove-bootstrap.json", KubeYaml.json(binding(
                "slipway:node-autoapprove-bootstrap",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "system:bootstrappers")), false));
        out.add(new Manifest(RBAC, "22-node-autoapprove-certificate-rotation.json", KubeYaml.json(binding(
                "slipway:node-autoapprove-certificate-rotation",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes")), false));
        out.add(new Manifest(RBAC, "30-cluster-admins.json", KubeYaml.json(ClusterAdminsBinding.manifest()), false));
        // What the bootstrap-token-renewal timer may do (see BootstrapTokenRenewal).
        out.add(new Manifest(ROLES, "40-bootstrap-token-renewer-role.json",
                KubeYaml.json(BootstrapTokenRenewal.role()), false));
        out.add(new Manifest(ROLE_BINDINGS, "41-bootstrap-token-renewer-binding.json",
                KubeYaml.json(BootstrapTokenRenewal.roleBinding()), false));
        return out;
    }

    /**
     * The token's Secret, with its {@code expiration}: the API server refuses the token after it, and the
     * controller-manager's token cleaner deletes the Secret.
     */
    static String tokenSecret(IssuedBootstrapToken token) {
        String id = token.id();
        TreeMap<String, String> data = new TreeMap<>();
        data.put("auth-extra-groups", EXTRA_GROUP);
        token.expires().ifPresent(e -> data.put("expiration", e.toString()));
        data.put("token-id", id);
        data.put("token-secret", token.token().substring(id.length() + 1));
        data.put("usage-bootstrap-authentication", "true");
        data.put("usage-bootstrap-signing", "true");
        return KubeYaml.json(new SecretBuilder()
                .withNewMetadata().withName("bootstrap-token-" + id).withNamespace("kube-system")
                .addToLabels("app.kubernetes.io/managed-by", "slipway").endMetadata()
                .withType("bootstrap.kubernetes.io/token")
                .withStringData(data)
                .build());
    }

    private static ClusterRoleBinding binding(String name, String role, String group) {
        return new ClusterRoleBindingBuilder()
                .withNewMetadata().withName(name).addToLabels("app.kubernetes.io/managed-by", "slipway").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(role)
                .endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName(group)
                .endSubject()
                .build();
    }

    static String unit() {
        return """
                [Unit]
                Description=Create the cluster's bootstrap token and node-joining RBAC (idempotent)
                Wants=kubelet.service
                After=kubelet.service
                [Service]
                Type=oneshot
                RemainAfterExit=true
                ExecStart=/opt/slipway/bin/cluster-bootstrap
                Restart=on-failure
                RestartSec=15
                [Install]
                WantedBy=multi-user.target
                """;
    }

    static String script(List<Manifest> manifests) {
        StringBuilder apply = new StringBuilder();
        for (Manifest m : manifests) {
            apply.append("apply ").append(m.collection()).append(' ').append(DIR).append(m.file()).append('\n');
        }
        return """
                #!/bin/bash
                # Creates bootstrap objects through the local API server with a credential minted for this run.
                # 201 (created) and 409 (exists) are both fine: safe on every controller, on every boot.
                set -euo pipefail
                pki=/etc/kubernetes/pki
                api=https://127.0.0.1:6443
                work=$(mktemp -d)
                trap 'rm -rf "$work"' EXIT
                umask 077
                printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n' > "$work/ext"
                openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/key" \
                  -subj '/O=system:masters/CN=%s' -out "$work/csr" 2>/dev/null
                openssl x509 -req -in "$work/csr" -CA $pki/ca.crt -CAkey $pki/ca.key -CAcreateserial \
                  -CAserial "$work/serial" -days 1 -extfile "$work/ext" -out "$work/crt" 2>/dev/null
                call() {
                  curl -sS -o /dev/null -w '%%{http_code}' --cacert $pki/ca.crt --cert "$work/crt" \
                    --key "$work/key" "$@"
                }
                for i in $(seq 1 120); do
                  [ "$(call $api/readyz || true)" = 200 ] && break
                  sleep 5
                done
                apply() {
                  code=$(call -X POST -H 'Content-Type: application/json' --data-binary "@$2" "$api$1")
                  case "$code" in
                    201|409) ;;
                    *) echo "creating $(basename "$2") failed: HTTP $code" >&2; exit 1 ;;
                  esac
                }
                %s""".formatted(USER, apply);
    }
}
