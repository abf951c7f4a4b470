package dev.slipway.testing;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The DNS validation records as ACM asks for them and as the zone holds them, each as {@code NAME TYPE VALUE}, for an
 * exact comparison. moto issues a certificate after a delay whether or not its record exists or is right, so a test
 * that checks only that some {@code _...} record exists would pass a deploy that writes the wrong value, the wrong
 * type, or extra records. Names and values are compared without a final dot: the same DNS name either way.
 */
public final class AcmValidationRecords {
    private AcmValidationRecords() {
    }

    /** Every record ACM's DescribeCertificate asks for in DomainValidationOptions, over all its certificates. */
    public static Set<String> asked(AcmClient acm) {
        Set<String> out = new TreeSet<>();
        for (CertificateSummary c : acm.listCertificates().certificateSummaryList()) {
            for (DomainValidation v : acm.describeCertificate(r -> r.certificateArn(c.certificateArn())).certificate()
                    .domainValidationOptions()) {
                if (v.resourceRecord() != null) {
                    out.add(line(v.resourceRecord().name(), v.resourceRecord().typeAsString(),
                            v.resourceRecord().value()));
                }
            }
        }
        return out;
    }

    /** Every record of {@code sets} but the zone's own NS and SOA, one line per value. */
    public static Set<String> held(List<ResourceRecordSet> sets) {
        Set<String> out = new TreeSet<>();
        for (ResourceRecordSet s : sets) {
            if (s.type() == RRType.NS || s.type() == RRType.SOA) {
                continue;
            }
            for (ResourceRecord r : s.resourceRecords()) {
                out.add(line(s.name(), s.typeAsString(), r.value()));
            }
        }
        return out;
    }

    public static String line(String name, String type, String value) {
        return undot(Objects.requireNonNull(name)) + " " + type + " " + undot(Objects.requireNonNull(value));
    }

    private static String undot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
