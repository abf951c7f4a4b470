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
                Requires=node-hostname.service
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
                """.formatted(role.controller() ? " static-pods.service" : "", KUBELET_PATH, role.nodeLabelsFlag());
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

    /** Controllers: resolves this node's etcd identity, then writes the static Pod manifests from their templates. */
    static String staticPods() {
        return """
                [Unit]
                Description=Write the control plane's static Pod manifests for this controller
                Wants=network-online.target
                After=network-online.target node-hostname.service
                Before=kubelet.service
                [Service]
                Type=oneshot
                RemainAfterExit=true
                ExecStart=/opt/slipway/bin/static-pods
                [Install]
                WantedBy=multi-user.target
                """;
    }

    /**
     * All controllers boot from one config, so a controller learns which etcd member it is at boot: the one whose
     * DNS name (created by Terraform) resolves to its own private address.
     */
    static String staticPodsScript(Environment env) {
        String hostnames = String.join(" ", env.etcdHostnames());
        return """
                #!/bin/bash
                # Finds this controller's etcd member name (the etcd DNS name that resolves to its private IPv4), then
                # fills @NODE_IP@, @ETCD_NAME@ and @ETCD_HOSTNAME@ in the static Pod templates.
                set -euo pipefail
                token=$(curl -sfS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \\
                  http://169.254.169.254/latest/api/token)
                ip=$(curl -sfS -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/local-ipv4)
                for attempt in $(seq 1 180); do
                  for host in %s; do
                    if getent ahostsv4 "$host" | awk '{print $1}' | grep -qx "$ip"; then
                      mkdir -p /etc/kubernetes/manifests
                      for t in /etc/kubernetes/static-pod-templates/*.yaml; do
                        sed -e "s/@NODE_IP@/$ip/g" -e "s/@ETCD_NAME@/${host%%%%.*}/g" -e "s/@ETCD_HOSTNAME@/$host/g" \\
                          "$t" > "/etc/kubernetes/manifests/.$(basename "$t").tmp"
                        mv "/etc/kubernetes/manifests/.$(basename "$t").tmp" "/etc/kubernetes/manifests/$(basename "$t")"
                      done
                      exit 0
                    fi
                  done
                  sleep 5
                done
                echo "no etcd DNS name (%s) resolves to $ip" >&2
                exit 1
                """.formatted(hostnames, hostnames);
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
