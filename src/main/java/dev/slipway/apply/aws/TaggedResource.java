package dev.slipway.apply.aws;

/**
 * One AWS resource tagged for a cluster that Terraform did not make.
 *
 * @param kind    what it is
 * @param id      its ARN (load balancers, target groups) or id (security groups, volumes)
 * @param name    its name, or the id when it has none
 * @param service the Kubernetes Service it was made for ({@code NS/NAME}, from {@code kubernetes.io/service-name}),
 *                or empty
 * @param sizeGb  a volume's size, 0 for the others
 */
public record TaggedResource(Kind kind, String id, String name, String service, int sizeGb) {
    /** The kinds {@code slipway down} scans for, in the order they can be deleted. */
    public enum Kind {
        LOAD_BALANCER("load balancer"),
        TARGET_GROUP("target group"),
        SECURITY_GROUP("security group"),
        VOLUME("EBS volume");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** One line for people: {@code load balancer k8s-apps-web-1a2b (Service apps/web)}. */
    public String describe() {
        return kind.words() + " " + name + (service.isEmpty() ? "" : " (Service " + service + ")")
                + (kind == Kind.VOLUME ? ", " + sizeGb + " GiB" : "");
    }
}
