package dev.slipway.render.ignition;

import dev.slipway.spec.Environment;
import java.util.List;

/**
 * The systemd units and helper scripts every node runs. Unit bodies are free text, so they are templates here; all
 * structure (which file goes where, with which mode) lives in the Ignition records.
 */
final class SystemdUnits {
    static final String KUBELET_PATH = "/opt/bin/kubelet";

    private SystemdUnits() {
    }

    /**
     * The kubelet. It joins with the bootstrap token (TLS bootstrapping): the token kubeconfig gets it a client
     * certificate from the cluster CA, written to {@code /var/lib/kubelet/kubeconfig}, and rotated from then on.
     */
    static String kubelet(NodeRole role) {
        return """
                [Unit]
                Description=Kubernetes kubelet
                Documentation=https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
                Wants=network-online.target containerd.service
                After=network-online.target containerd.service node-hostname.service%s
                Requires=node-hostname.service%s
                [Service]
                ExecStartPre=/bin/mkdir -p /etc/kubernetes/manifests /var/lib/kubelet /opt/cni/bin /etc/cni/net.d
                ExecStart=%s \\
                  --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf \\
                  --kubeconfig=/var/lib/kubelet/kubeconfig \\
                  --config=/etc/kubernetes/kubelet.yaml \\
                  --cloud-provider=external \\
                  --node-labels=%s
                Restart=always
                RestartSec=5
                [Install]
                WantedBy=multi-user.target
                """.formatted(role.controller() ? " static-pods.service" : "", role.controller() ? " static-pods.service" : "",
                        KUBELET_PATH, role.nodeLabelsFlag());
    }

    /** Sets the hostname to the EC2 private DNS name before the kubelet registers under it. */
    static String nodeHostname() {
        return """
                [Unit]
                Description=Set the hostname to the EC2 private DNS name (the node's name in Kubernetes)
                Wants=network-online.target
                After=network-online.target
                Before=kubelet.service
                [Service]
                Type=oneshot
                RemainAfterExit=true
                ExecStart=/opt/slipway/bin/node-hostname
                [Install]
                WantedBy=multi-user.target
                """;
    }

    /** IMDSv2 (token first): instances are launched with IMDSv1 disabled. */
    static String nodeHostnameScript() {
        return """
                #!/bin/bash
                # Sets the hostname from EC2 instance metadata (IMDSv2), retrying until metadata answers.
                set -euo pipefail
                for i in $(seq 1 60); do
                  token=$(curl -sfS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \\
                    http://169.254.169.254/latest/api/token) && \\
                  name=$(curl -sfS -H "X-aws-ec2-metadata-token: $token" \\
                    http://169.254.169.254/latest/meta-data/local-hostname) && break
                  sleep 2
                done
                test -n "${name:-}"
                hostnamectl set-hostname "$name"
                """;
    }

    /** Controllers: learns this node's etcd identity, then writes the static Pod manifests from their templates. */
    static String staticPods() {
        return """
                [Unit]
                Description=Write the control plane's static Pod manifests for this controller
                Wants=network-online.target
                After=network-online.target node-hostname.service
                Before=kubelet.service
                StartLimitIntervalSec=0
                [Service]
                Type=oneshot
                RemainAfterExit=true
                ExecStart=/opt/slipway/bin/static-pods
                Restart=on-failure
                RestartSec=10
                [Install]
                WantedBy=multi-user.target
                """;
    }

    /**
     * All controllers boot from one config, so a controller learns which etcd member it is at boot, from its own
     * instance tag {@link Environment#ETCD_MEMBER_TAG} read through the metadata service. Not from DNS: Terraform
     * creates the etcd records only after the instances run, and a lookup before that caches NXDOMAIN for the zone's
     * negative TTL.
     */
    static String staticPodsScript(Environment env) {
        String members = String.join("|", env.etcdHostnames().stream().map(h -> h.substring(0, h.indexOf('.')))
                .toList());
        return """
                #!/bin/bash
                # Reads this controller's private IPv4 and etcd member name (instance tag %1$s) from instance
                # metadata (IMDSv2), retrying until it answers, then fills @NODE_IP@, @ETCD_NAME@ and @ETCD_HOSTNAME@
                # in the static Pod templates.
                set -euo pipefail
                imds() {
                  local token
                  token=$(curl -sfS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \
                    http://169.254.169.254/latest/api/token) &&
                  curl -sfS -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
                }
                for attempt in $(seq 1 60); do
                  ip=$(imds local-ipv4) && name=$(imds tags/instance/%1$s) && break
                  sleep 5
                done
                case "${name:-}" in
                  %2$s) ;;
                  *) echo "instance tag %1$s is '${name:-}', expected one of %2$s" >&2; exit 1 ;;
                esac
                host="$name.%3$s"
                mkdir -p /etc/kubernetes/manifests
                for t in /etc/kubernetes/static-pod-templates/*.yaml; do
                  sed -e "s/@NODE_IP@/$ip/g" -e "s/@ETCD_NAME@/$name/g" -e "s/@ETCD_HOSTNAME@/$host/g" \
                    "$t" > "/etc/kubernetes/manifests/.$(basename "$t").tmp"
                  mv "/etc/kubernetes/manifests/.$(basename "$t").tmp" "/etc/kubernetes/manifests/$(basename "$t")"
                done
                """.formatted(Environment.ETCD_MEMBER_TAG, members, env.environmentDomain());
    }

    static List<String> sysctls() {
        return List.of(
                "net.ipv4.ip_forward = 1",
                "net.bridge.bridge-nf-call-iptables = 1",
                "net.bridge.bridge-nf-call-ip6tables = 1",
                "fs.inotify.max_user_watches = 1048576",
                "fs.inotify.max_user_instances = 8192");
    }
}
