extension SimulatedEventRenderer {
    /// The shapes `new_value` and `previous_value` take.
    private enum ValueShape {
        case string
        case list
        case object
    }

    /// Preference changes: `new_value` and `previous_value` as a string, a list of strings or an object, by the
    /// kind of preference (and now and then another shape, as Slack's payloads vary).
    func writePreference(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        let listWords = ["who_can", "allowed", "workspaces", "connectors", "users_to_notify", "approved", "fields"]
        let objectWords = ["retention", "duration", "session", "redaction", "config", "dnd", "mobile", "tos"]
        var shape: ValueShape =
            listWords.contains { name.contains($0) }
            ? .list : objectWords.contains { name.contains($0) } ? .object : .string
        if random.chance(0.1) {
            shape = [ValueShape.string, .list, .object][random.below(3)]
        }
        if name == "prefs_setting_changed" || name.hasPrefix("slack_connect_pref") {
            out.member("pref_name")
            out.quotedChoice(
                ["allow_calls", "display_real_names", "msg_edit_window_mins", "allow_huddles"],
                using: &random
            )
        }
        for key in ["previous_value", "new_value"] as [StaticString] {
            out.member(key)
            switch shape {
            case .string: out.quotedChoice(EventVocabulary.preferenceStrings, using: &random)
            case .list: out.quotedChoices(EventVocabulary.preferenceLists, maximum: 4, using: &random)
            case .object: writeSettingObject(random: &random, to: &out)
            }
        }
        if name == "pref.who_can_dm_anyone" {
            out.member("who_can_dm_anyone")
            out.raw(#"{"type":"#)
            out.quotedChoices(EventVocabulary.preferenceLists, maximum: 3, using: &random)
            out.raw(#","user":"#)
            writeUserIDs(maximum: 3, random: &random, to: &out)
            out.raw("}")
        }
        if random.chance(0.3) {
            out.member("team")
            out.fragment(workspaceIDs, random.below(workspaceIDs.count))
        }
    }

    /// `role_change_to_*`, `owner_transferred`: the account type before and after, as strings.
    func writeAccountTypeChange(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("previous_value")
        out.quotedChoice(EventVocabulary.accountTypes, using: &random)
        out.member("new_value")
        let name = actionName(input)
        if name.hasSuffix("_admin") {
            out.quoted("admin")
        } else if name.hasSuffix("_owner") || name == "owner_transferred" {
            out.quoted("owner")
        } else if name.hasSuffix("_guest") {
            out.quoted("restricted")
        } else {
            out.quoted("user")
        }
    }

    /// `role_assigned`, `role_removed`: who got the role, `succeeded_users` and `failed_users` as arrays or as
    /// strings holding JSON, and the scope it applies to.
    func writeRoleAssignment(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let asString = random.chance(0.5)
        out.member("succeeded_users")
        writeUserIDList(count: 1 + random.below(4), asString: asString, random: &random, to: &out)
        out.member("failed_users")
        writeUserIDList(count: random.chance(0.8) ? 0 : 1, asString: asString, random: &random, to: &out)
        out.member("target_entity")
        if random.chance(0.5) {
            out.quoted("workspace")
            out.member("target_entity_id")
            out.fragment(workspaceIDs, random.below(workspaceIDs.count))
        } else {
            out.quoted("enterprise")
            out.member("target_entity_id")
            out.fragment(enterpriseID, 0)
        }
    }

    /// Roles created, changed or deleted: the name and the permissions, as lists.
    func writeRoleDefinition(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("name")
        out.fragment(roleNames, input.entity)
        out.member("changed_permissions")
        out.quotedChoices(EventVocabulary.permissions, maximum: 3, using: &random)
        out.member("previous_value")
        out.quotedChoices(EventVocabulary.permissions, maximum: 5, using: &random)
        out.member("new_value")
        out.quotedChoices(EventVocabulary.permissions, maximum: 5, using: &random)
    }

    /// `permissions_assigned`, `permissions_removed`: which permissions, on which resources.
    func writePermissions(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("changed_permissions")
        out.quotedChoices(EventVocabulary.permissions, maximum: 3, using: &random)
        out.member("permission_key")
        out.quotedChoice(EventVocabulary.permissions, using: &random)
        out.member("permission_type")
        out.quotedChoice(EventVocabulary.permissionTypes, using: &random)
        out.member("permissions")
        let start = out.beginContainer()
        for _ in 0..<(1 + random.below(2)) {
            out.element()
            out.raw(#"{"resource":{"type":"#)
            out.quotedChoice(EventVocabulary.resourceTypes, using: &random)
            out.raw(#","grant":"#)
            if random.chance(0.5) {
                out.raw(#"{"type":"specific","resource_id":"#)
                out.fragment(channelIDs, random.below(channelIDs.count))
                out.raw("}")
            } else {
                out.raw(#"{"type":"wildcard","wildcard":{"type":"#)
                out.quotedChoice(EventVocabulary.wildcards, using: &random)
                out.raw("}}")
            }
            out.raw(#"},"scopes":"#)
            out.quotedChoices(EventVocabulary.permissions, maximum: 2, using: &random)
            out.raw("}")
        }
        out.endArray(start)
    }

    /// Exports: kind, period (`export_start_ts`/`export_end_ts` as strings), and the exporting team as a number.
    func writeExport(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let end = input.event.dateCreate - Int64(random.below(86_400))
        out.member("export_type")
        out.quotedChoice(EventVocabulary.exportTypes, using: &random)
        out.member("export_start_ts")
        out.quotedInteger(end - Int64(1 + random.below(365)) * 86_400)
        out.member("export_end_ts")
        out.quotedInteger(end)
        out.member("exporting_team_id")
        out.integer(Int64(1_000_000_000 + random.below(9_000_000_000)))
        out.member("initiated_by")
        writeRandomUserID(random: &random, to: &out)
        if random.chance(0.5) {
            out.member("status")
            out.quotedChoice(EventVocabulary.jobStatuses, using: &random)
        }
    }

    /// User group changes: members, default channels, teams, and directory-sync counts.
    func writeUsergroup(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        out.member("subteam")
        out.fragment(usergroupIDs, input.entity)
        if name.contains("user_") {
            out.member("user")
            writeRandomUserID(random: &random, to: &out)
            out.member("user_ids")
            writeUserIDs(maximum: 4, random: &random, to: &out)
        } else if name.contains("channel") {
            out.member("channel_ids")
            writeChannelIDs(maximum: 3, random: &random, to: &out)
        } else if name.hasPrefix("role_") {
            out.member("name")
            out.fragment(roleNames, random.below(roleNames.count))
        } else if name.contains("team") {
            out.member("team")
            out.fragment(workspaceIDs, random.below(workspaceIDs.count))
        } else if name.contains("allowlist") {
            out.member("added_to_allow")
            writeUserIDs(maximum: 3, random: &random, to: &out)
        } else {
            let counts: [StaticString] = [
                "added_user_count", "removed_user_count", "reactivated_user_count", "added_user_error_count",
                "removed_user_error_count", "total_removal_count", "idp_group_member_count", "workspace_member_count",
            ]
            for key in counts {
                out.member(key)
                out.integer(random.below(40))
            }
        }
    }

    /// Information barriers.
    func writeBarrier(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let barriers = organization.barriers
        let barrier = barriers[input.entity % barriers.count]
        out.member("barrier_id")
        out.string(barrier.id)
        out.member("primary_usergroup_id")
        out.string(barrier.primaryUsergroup)
        out.member("barriered_from_usergroup_ids")
        out.strings(barrier.barrieredFromUsergroups)
        out.member("restricted_subjects")
        out.strings(barrier.restrictedSubjects)
    }

    /// Legal holds: the policy and what it covers.
    func writeLegalHold(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("policy_name")
        out.quotedChoice(EventVocabulary.policyNames, using: &random)
        out.member("entity_type")
        out.quotedChoice(EventVocabulary.policyEntityTypes, using: &random)
        out.member("entity_ids")
        out.raw(#"{"users":"#)
        writeUserIDs(maximum: 3, random: &random, to: &out)
        out.raw(#","channels":"#)
        writeChannelIDs(maximum: 2, random: &random, to: &out)
        out.raw("}")
    }

    /// Identity providers and managed authentication.
    func writeIdentityProvider(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("idp_config_id")
        out.randomID("Ic0", using: &random)
        out.member("idp_entity_id")
        out.quotedChoice(
            ["https://sso.example.com/saml", "http://www.okta.com/exk1a2b3c4", "urn:acme:idp"],
            using: &random
        )
        out.member("idp_entity_id_hash")
        out.randomHex(digits: 40, using: &random)
        out.member("authentication_mode")
        out.quotedChoice(["saml", "oidc"], using: &random)
        out.member("service_type")
        out.quotedChoice(["okta", "azure_ad", "onelogin", "ping", "google"], using: &random)
    }

    /// Salesforce connections.
    func writeSalesforce(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("salesforce_org_id")
        out.randomID("00D5g000", using: &random)
        out.member("salesforce_edition")
        out.quotedChoice(EventVocabulary.salesforceEditions, using: &random)
        out.member("salesforce_tenant_guid")
        out.uuid(EventID(high: random.next() & ~0xF000 | 0x4000, low: random.next() >> 2 | 0x8000_0000_0000_0000))
        if random.chance(0.4) {
            out.member("salesforce_org_config")
            out.raw(#"{"sync_enabled":"#)
            out.bool(random.chance(0.5))
            out.raw(#","instance":"#)
            out.quotedChoice(["na1", "eu12", "ap5"], using: &random)
            out.raw("}")
        }
    }

    /// Checks of unsupported client versions.
    func writeUnsupportedVersions(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter)
    {
        out.member("session_search_start")
        out.integer(input.event.dateCreate - Int64(30 + random.below(60)) * 86_400)
        out.member("deprecation_search_end")
        out.integer(input.event.dateCreate + Int64(random.below(30)) * 86_400)
    }

    /// Custom emoji.
    func writeEmoji(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("name")
        out.quotedChoice(EventVocabulary.emojiNames, using: &random)
    }

    /// Authentication policies.
    func writeAuthPolicy(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("policy_name")
        out.quotedChoice(EventVocabulary.policyNames, using: &random)
        out.member("target_entity")
        out.quotedChoice(EventVocabulary.policyEntityTypes, using: &random)
        out.member("target_entity_id")
        out.fragment(usergroupIDs, random.below(usergroupIDs.count))
    }

    /// IP allowlists: the ranges before and after, as lists.
    func writeIPRange(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("previous_value")
        out.quotedChoices(EventVocabulary.ipRanges, maximum: 2, using: &random)
        out.member("new_value")
        out.quotedChoices(EventVocabulary.ipRanges, maximum: 3, using: &random)
    }

    /// Verified email domains.
    func writeDomain(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("name")
        out.quotedChoice(EventVocabulary.domains, using: &random)
    }

    /// Migrations and workspace copies: where from, where to, and how far along.
    func writeMigration(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("source_team")
        out.fragment(workspaceIDs, random.below(workspaceIDs.count))
        out.member("destination_team")
        out.fragment(workspaceIDs, random.below(workspaceIDs.count))
        out.member("status")
        out.quotedChoice(EventVocabulary.migrationStatuses, using: &random)
    }
}
