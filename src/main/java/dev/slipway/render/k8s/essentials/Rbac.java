package dev.slipway.render.k8s.essentials;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;

/** Service accounts, roles and bindings as the essentials declare them: one line per grant. */
final class Rbac {
    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private Rbac() {
    }

    static ServiceAccount serviceAccount(String namespace, String name) {
        return new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .build();
    }

    /** A rule on {@code resources} of API group {@code group} ("" for the core group). */
    static PolicyRule rule(String group, List<String> resources, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }

    static PolicyRule rule(String group, String resource, String... verbs) {
        return rule(group, List.of(resource), verbs);
    }

    /** A rule limited to the objects named {@code names}. */
    static PolicyRule named(String group, String resource, List<String> names, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withResourceNames(names)
                .withVerbs(verbs).build();
    }

    static ClusterRole clusterRole(String name, PolicyRule... rules) {
        return new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder().withNewMetadata().withName(name)
                .endMetadata().withRules(rules).build();
    }

    static Role role(String namespace, String name, PolicyRule... rules) {
        return new RoleBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withRules(rules).build();
    }

    /** Binds cluster role {@code role} to service account {@code namespace/account}, under the role's name. */
    static ClusterRoleBinding clusterRoleBinding(String name, String role, String namespace, String account) {
        return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef().withApiGroup(RBAC_GROUP).withKind("ClusterRole").withName(role).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(account).withNamespace(namespace).endSubject()
                .build();
    }

    /** Binds a Role (or, with {@code clusterRole}, a ClusterRole) in {@code namespace} to a service account. */
    static RoleBinding roleBinding(String namespace, String name, String roleKind, String role, String accountNamespace,
            String account) {
        return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewRoleRef().withApiGroup(RBAC_GROUP).withKind(roleKind).withName(role).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(account).withNamespace(accountNamespace)
                .endSubject()
                .build();
    }
}
