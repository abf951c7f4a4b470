package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.list;
import static dev.slipway.render.hcl.Expression.strings;

import static dev.slipway.render.hcl.Expression.call;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Reference;
import dev.slipway.render.hcl.Template;
import java.util.List;

/**
 * {@code cdn.tf}: a CloudFront distribution in front of the app bucket with origin access control, and the bucket
 * policy that lets only that distribution read — the step the seed did by hand in the console — served as
 * {@code cdn.ENV.DOMAIN} with an ACM certificate (us-east-1, DNS-validated), logging to the log bucket.
 */
final class Cdn {
    static final String ORIGIN_ID = "app-bucket";

    final TfFile file = new TfFile("cdn.tf");
    final Block distribution;

    Cdn(TerraformContext ctx, Storage storage, Dns dns) {
        String host = ctx.env().cdnHostname();
        file.comment("The certificate for " + host + ": in us-east-1, the only region CloudFront takes certificates from,",
                "validated through DNS in the environment's zone; renewed by ACM as long as the record stays.");
        Block certificate = file.resource("aws_acm_certificate", "cdn")
                .attr("provider", Settings.US_EAST_1)
                .attr("domain_name", host)
                .attr("validation_method", "DNS")
                .block(Block.nested("lifecycle").attr("create_before_destroy", true));
        // One name, so one validation record; one() fails the plan if ACM ever asked for more.
        Reference options = certificate.ref("domain_validation_options").splat();
        Block validationRecord = file.resource("aws_route53_record", "cdn_validation")
                .attr("zone_id", dns.zone.ref("zone_id"))
                .attr("name", call("one", options.attr("resource_record_name")))
                .attr("type", call("one", options.attr("resource_record_type")))
                .attr("records", list(call("one", options.attr("resource_record_value"))))
                .attr("ttl", 60)
                .attr("allow_overwrite", true);
        Block validated = file.resource("aws_acm_certificate_validation", "cdn")
                .attr("provider", Settings.US_EAST_1)
                .attr("certificate_arn", certificate.ref("arn"))
                .attr("validation_record_fqdns", list(validationRecord.ref("fqdn")));

        Block oac = file.resource("aws_cloudfront_origin_access_control", "app")
                .attr("name", ctx.env().appBucket())
                .attr("description", "CloudFront reads " + ctx.env().appBucket() + " with signed requests")
                .attr("origin_access_control_origin_type", "s3")
                .attr("signing_behavior", "always")
                .attr("signing_protocol", "sigv4");
        Block cachePolicy = file.data("aws_cloudfront_cache_policy", "caching_optimized")
                .attr("name", "Managed-CachingOptimized");
        Block headers = file.data("aws_cloudfront_response_headers_policy", "security_headers")
                .attr("name", "Managed-SecurityHeadersPolicy");

        distribution = file.resource("aws_cloudfront_distribution", "app")
                .attr("enabled", true)
                .attr("comment", ctx.env().appBucket())
                .comment("checkov:skip=CKV_AWS_68:no WAF: a static app bucket behind CloudFront, no server to protect",
                        "checkov:skip=CKV2_AWS_47:no WAF (see CKV_AWS_68)",
                        "checkov:skip=CKV_AWS_374:the app is served worldwide; no geo restriction",
                        "checkov:skip=CKV_AWS_310:one origin bucket; failover would need a replica in another region")
                .attr("aliases", strings(List.of(host)))
                .attr("is_ipv6_enabled", true)
                .attr("http_version", "http2and3")
                .attr("price_class", "PriceClass_100")
                .comment("Without it, \"/\" answers 403 through origin access control (there is no object named \"\").")
                .attr("default_root_object", "index.html")
                .block(Block.nested("origin")
                        .attr("origin_id", ORIGIN_ID)
                        .attr("domain_name", storage.bucket.ref("bucket_regional_domain_name"))
                        .attr("origin_access_control_id", oac.ref("id")))
                .block(Block.nested("default_cache_behavior")
                        .attr("target_origin_id", ORIGIN_ID)
                        .attr("viewer_protocol_policy", "redirect-to-https")
                        .attr("allowed_methods", strings(List.of("GET", "HEAD")))
                        .attr("cached_methods", strings(List.of("GET", "HEAD")))
                        .attr("cache_policy_id", cachePolicy.ref("id"))
                        .comment("HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy, XSS protection.")
                        .attr("response_headers_policy_id", headers.ref("id"))
                        .attr("compress", true))
                .block(Block.nested("restrictions").block(Block.nested("geo_restriction")
                        .attr("restriction_type", "none")))
                .block(Block.nested("viewer_certificate")
                        .attr("acm_certificate_arn", validated.ref("certificate_arn"))
                        .attr("ssl_support_method", "sni-only")
                        .attr("minimum_protocol_version", "TLSv1.2_2021"))
                .block(Block.nested("logging_config")
                        .attr("bucket", storage.logs.ref("bucket_domain_name"))
                        .attr("prefix", "cloudfront/")
                        .attr("include_cookies", false));

        for (String type : List.of("A", "AAAA")) {
            file.resource("aws_route53_record", "cdn_" + type.toLowerCase(java.util.Locale.ROOT))
                    .attr("zone_id", dns.zone.ref("zone_id"))
                    .attr("name", host)
                    .attr("type", type)
                    .block(Block.nested("alias")
                            .attr("name", distribution.ref("domain_name"))
                            .attr("zone_id", distribution.ref("hosted_zone_id"))
                            .attr("evaluate_target_health", false));
        }

        Block policy = file.data("aws_iam_policy_document", "app_bucket")
                .block(Iam.statement("CloudFrontReadsThroughOriginAccessControl", List.of("s3:GetObject"),
                                list(Template.of(storage.bucket.ref("arn"), "/*")))
                        .block(Block.nested("principals")
                                .attr("type", "Service")
                                .attr("identifiers", strings(List.of("cloudfront.amazonaws.com"))))
                        .block(Block.nested("condition")
                                .attr("test", "StringEquals")
                                .attr("variable", "AWS:SourceArn")
                                .attr("values", list(distribution.ref("arn")))))
                .block(Iam.denyInsecureTransport(storage.bucket));

        file.resource("aws_s3_bucket_policy", "app")
                .attr("bucket", storage.bucket.ref("id"))
                .attr("policy", policy.ref("json"));
    }
}
