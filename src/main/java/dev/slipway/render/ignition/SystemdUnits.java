package dev.slipway.render.ignition;

import dev.slipway.spec.Environment;
import java.util.List;

/**
 * The systemd units and helper scripts every node runs. Unit bodies are free text, so they are templates here; all
 * structure (which file goes where, with which mode) lives in the Ignition records.
 */
final class SystemdUnits {
    static final String KUBELET_PATH = "/opt/bin/kubelet";
    /** Holds the controller's etcd member name, {@code etcdN}; written by its own pointer config. */
    static final String ETCD_MEMBER_FILE = "/etc/slipway/etcd-member";

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

    /**
     * Sets the hostname to the EC2 private DNS name before the kubelet registers under it. The kubelet requires this
     * unit, so a metadata service slower than the script's own retries must not end the boot without a kubelet:
     * systemd runs it again every 10 s, without the default start limit (which would give up after 5 starts in 10 s).
     */
    static String nodeHostname() {
        return """
                [Unit]
                Description=Set the hostname to the EC2 private DNS name (the node's name in Kubernetes)
                Wants=network-online.target
                After=network-online.target
                Before=kubelet.service
                StartLimitIntervalSec=0
                [Service]
                Type=oneshot
                RemainAfterExit=true
                ExecStart=/opt/slipway/bin/node-hostname
                Restart=on-failure
                RestartSec=10
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
     * All controllers share one full config, so a controller learns which etcd member it is from
     * {@link #ETCD_MEMBER_FILE}, which its own pointer config writes ({@link IgnitionRenderer}). Not from DNS:
     * Terraform creates the etcd records only after the instances run, and a lookup before that caches NXDOMAIN for
     * the zone's negative TTL. Not from an instance tag through the metadata service: EC2 launches no instance with
     * tags in metadata whose tag keys hold {@code /}, as the cluster tag's does.
     *
     * <p>It also decides etcd's {@code --initial-cluster-state}, which etcd reads only while its data directory is
     * empty. A member's identity is its peer URL, the stable DNS name {@code etcdN} (the one name the shared peer
     * certificate carries), so a replacement controller keeps its predecessor's name and URL: {@code slipway rotate
     * --controllers} removes the old member and adds the same URL back before the replacement boots. The script asks
     * the other members for the member list (with the API server's etcd client certificate):
     * <ul>
     *   <li>nobody answers within a few tries: the first boot of a fresh cluster, {@code new} (every controller of a
     *       fresh cluster boots at once, and no member answers before a quorum has started);</li>
     *   <li>this URL is listed and not started (no name): added for this boot, {@code existing};</li>
     *   <li>this URL is listed and started, or not listed: the previous instance's member is still in, or this one
     *       was removed and not added back; joining either way would corrupt or split the cluster, so the script
     *       fails, and systemd runs it again every 10 s until Slipway has made the change.</li>
     * </ul>
     */
    static String staticPodsScript(Environment env) {
        String members = String.join("|", env.etcdHostnames().stream().map(h -> h.substring(0, h.indexOf('.')))
                .toList());
        String endpoints = String.join(" ", env.etcdHostnames().stream().map(h -> "https://" + h + ":2379")
                .toList());
        return """
                #!/bin/bash
                # Reads this controller's etcd member name from %1$s (its pointer config writes it) and its private
                # IPv4 from instance metadata (IMDSv2), retrying until it answers, decides etcd's initial cluster state,
                # then fills
                # @NODE_IP@, @ETCD_NAME@, @ETCD_HOSTNAME@ and @ETCD_INITIAL_CLUSTER_STATE@ in the static Pod templates.
                set -euo pipefail
                imds() {
                  local token
                  token=$(curl -sfS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \
                    http://169.254.169.254/latest/api/token) &&
                  curl -sfS -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
                }
                name=$(cat %1$s 2>/dev/null || true)
                case "$name" in
                  %2$s) ;;
                  *) echo "%1$s holds '$name', expected one of %2$s" >&2; exit 1 ;;
                esac
                for attempt in $(seq 1 60); do
                  ip=$(imds local-ipv4) && break
                  sleep 5
                done
                [ -n "${ip:-}" ] || { echo "instance metadata gave no local-ipv4" >&2; exit 1; }
                host="$name.%3$s"
                # etcd reads --initial-cluster-state only with an empty data directory.
                state=new
                if [ ! -d /var/lib/etcd/member ]; then
                  list=""
                  for attempt in 1 2 3 4; do
                    for endpoint in %4$s; do
                      case "$endpoint" in "https://$host:"*) continue ;; esac
                      list=$(curl -sfS --connect-timeout 3 --max-time 10 --cacert %5$s/etcd/ca.crt \\
                        --cert %5$s/apiserver-etcd-client.crt --key %5$s/apiserver-etcd-client.key \\
                        -X POST -d '{}' "$endpoint/v3/cluster/member/list") && break 2 || list=""
                    done
                    sleep 3
                  done
                  if [ -n "$list" ]; then
                    # One line per member: {"ID":..,"name":..,"peerURLs":[..],..}; a member not yet started has no name
                    # (and no client URLs); its peer URL names this host.
                    me=$(grep -o '{[^{}]*}' <<<"$list" | grep -F "\\"https://$host:" || true)
                    if [ -z "$me" ]; then
                      echo "etcd member $name (https://$host:2380) is not in the running cluster; it joins once added" \\
                        "(slipway rotate --controllers adds it)" >&2
                      exit 1
                    fi
                    if grep -q '"name":' <<<"$me"; then
                      echo "etcd member $name is still in the running cluster from a previous instance; it joins once" \\
                        "that member is removed and added back (slipway rotate --controllers does both)" >&2
                      exit 1
                    fi
                    state=existing
                  fi
                fi
                echo "etcd member $name joins as $state"
                mkdir -p /etc/kubernetes/manifests
                for t in /etc/kubernetes/static-pod-templates/*.yaml; do
                  sed -e "s/@NODE_IP@/$ip/g" -e "s/@ETCD_NAME@/$name/g" -e "s/@ETCD_HOSTNAME@/$host/g" \\
                    -e "s/@ETCD_INITIAL_CLUSTER_STATE@/$state/g" \\
                    "$t" > "/etc/kubernetes/manifests/.$(basename "$t").tmp"
                  mv "/etc/kubernetes/manifests/.$(basename "$t").tmp" "/etc/kubernetes/manifests/$(basename "$t")"
                done
                """.formatted(ETCD_MEMBER_FILE, members, env.environmentDomain(), endpoints,
                ControlPlaneManifests.PKI);
    }

    /**
     * Reverse-path filtering off, as Typhoon's Fedora CoreOS configs set it ({@code /etc/sysctl.d/reverse-path-filter.conf}
     * in poseidon/typhoon {@code aws/fedora-coreos/kubernetes/workers/butane/worker.yaml}, since its Cilium support).
     * systemd's {@code 50-default.conf} sets {@code net.ipv4.conf.*.rp_filter=2}, and its udev rule applies that to
     * every new interface, after Cilium has set 0 on its {@code cilium_*} and {@code lxc*} interfaces; the kernel uses
     * the larger of {@code all} and the interface's value, so strict or loose filtering drops the packets Cilium
     * redirects. Cilium's chart fixes this with an init container ({@code sysctlfix}) that Slipway's DaemonSet does not
     * run, so the node config does it, on both operating systems. The file name sorts after {@code 50-default.conf}:
     * systemd-sysctl applies files in name order, the last value wins.
     */
    static String reversePathFilter() {
        return """
                net.ipv4.conf.default.rp_filter = 0
                net.ipv4.conf.*.rp_filter = 0
                """;
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
