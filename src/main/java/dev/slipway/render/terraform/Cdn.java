package dev.slipway.render.terraform;

import static dev.slipway.render.hcl.Expression.list;
import static dev.slipway.render.hcl.Expression.strings;

import dev.slipway.render.hcl.Block;
import dev.slipway.render.hcl.Template;
import java.util.List;

/**
 * {@code cdn.tf}: a CloudFront distribution in front of the app bucket with origin access control, and the bucket
 * policy that lets only that distribution read — the step the seed did by hand in the console.
 */
final class Cdn {
    static final String ORIGIN_ID = "app-bucket";

    final TfFile file = new TfFile("cdn.tf");
    final Block distribution;

    Cdn(TerraformContext ctx, Storage storage) {
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
                        "checkov:skip=CKV_AWS_310:one origin bucket; failover would need a replica in another region",
                        "checkov:skip=CKV_AWS_174:the default *.cloudfront.net certificate until aliases for the"
                                + " environment's domain (ACM in us-east-1) are rendered; AWS fixes its minimum",
                        "checkov:skip=CKV2_AWS_42:the default certificate (see CKV_AWS_174)",
                        "checkov:skip=CKV_AWS_86:standard logs need a log bucket with its own retention; not rendered"
                                + " yet")
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
                .block(Block.nested("viewer_certificate").attr("cloudfront_default_certificate", true));

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
                .block(Iam.statement("DenyInsecureTransport", List.of("s3:*"),
                                list(storage.bucket.ref("arn"), Template.of(storage.bucket.ref("arn"), "/*")))
                        .attr("effect", "Deny")
                        .block(Block.nested("principals")
                                .attr("type", "*")
                                .attr("identifiers", strings(List.of("*"))))
                        .block(Iam.condition("Bool", "aws:SecureTransport", List.of("false"))));

        file.resource("aws_s3_bucket_policy", "app")
                .attr("bucket", storage.bucket.ref("id"))
                .attr("policy", policy.ref("json"));
    }
}
