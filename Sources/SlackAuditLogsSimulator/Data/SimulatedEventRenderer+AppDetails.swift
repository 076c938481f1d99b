extension SimulatedEventRenderer {
    /// The app an app action is about: the entity when it is an app, else one drawn at random.
    private func app(_ input: DetailsInput, random: inout SimulationRandom) -> SimulatedOrganization.App {
        let apps = organization.apps
        let index = input.event.entity.kind == .app ? input.entity : random.below(apps.count)
        return apps[index % apps.count]
    }

    /// Installs, approvals, restrictions and token changes: scopes, who asked and decided, and a `reason` as a
    /// string, a list or an object.
    func writeAppInstall(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        let app = app(input, random: &random)
        out.member("app_id")
        out.string(app.id)
        out.member("scopes")
        out.strings(app.scopes)
        out.member("bot_scopes")
        out.strings(app.botScopes)
        out.member("installer_user_id")
        out.string(app.creator)
        out.member("app_owner_id")
        out.string(app.creator)
        out.member("is_workflow")
        out.bool(app.isWorkflowApp)
        out.member("granular_bot_token")
        out.bool(random.chance(0.8))
        out.member("is_internal_integration")
        out.bool(!app.isDistributed)
        out.member("is_token_rotation_enabled_app")
        out.bool(random.chance(0.2))
        if random.chance(0.7) {
            out.member("reason")
            switch random.below(3) {
            case 0:
                out.quotedChoice(EventVocabulary.appReasons, using: &random)
            case 1:
                out.quotedChoices(EventVocabulary.appReasonCodes, maximum: 2, using: &random)
            default:
                out.raw(#"{"code":"#)
                out.quotedChoice(EventVocabulary.appReasonCodes, using: &random)
                out.raw(#","message":"#)
                out.quotedChoice(EventVocabulary.appReasons, using: &random)
                out.raw(#","requested_by":"#)
                writeRandomUserID(random: &random, to: &out)
                out.raw("}")
            }
        }
        if name.contains("approved") || name.contains("restricted") || name.contains("whitelist") {
            out.member("approval_type")
            out.quotedChoice(EventVocabulary.approvalTypes, using: &random)
            out.member("approver_id")
            writeRandomUserID(random: &random, to: &out)
            out.member("request")
            out.raw(#"{"id":"#)
            out.randomID("Ar0", using: &random)
            out.raw(#","team_id":"#)
            out.fragment(workspaceIDs, random.below(workspaceIDs.count))
            out.raw("}")
            out.member("resolution")
            out.quoted(name.contains("approved") ? "approved" : "restricted")
            out.member("app_previously_approved")
            out.bool(random.chance(0.3))
            out.member("app_previously_resolved")
            out.bool(random.chance(0.4))
        }
        if name.contains("scopes") || name.contains("token") || name.contains("upgraded") {
            out.member("previous_scopes")
            out.strings(Array(app.scopes.prefix(1)))
            out.member("old_scopes")
            out.strings(Array(app.scopes.prefix(1)))
            out.member("new_scopes")
            out.strings(app.scopes)
        }
        if name.hasPrefix("org_app_workspace") || random.chance(0.2) {
            out.member("team")
            out.fragment(workspaceIDs, random.below(workspaceIDs.count))
        }
        if random.chance(0.3) {
            out.member("bot_id")
            out.randomID("B0", using: &random)
        }
    }

    /// A rule, as `matched_rule` and `rules_checked` hold it.
    private func writeRule(random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.raw(#"{"id":"#)
        out.randomID("Ru0", using: &random)
        out.raw(#","title":"#)
        out.quotedChoice(EventVocabulary.ruleTitles, using: &random)
        out.raw(#","team_id":"#)
        out.fragment(workspaceIDs, random.below(workspaceIDs.count))
        out.raw(#","condition":{"datatype":"string","entity_type":"#)
        out.quotedChoice(["app", "message", "file"], using: &random)
        out.raw(#","operator":"#)
        out.quotedChoice(EventVocabulary.operators, using: &random)
        out.raw(#","values":[{"datatype":"string","field":"#)
        out.quotedChoice(EventVocabulary.ruleFields, using: &random)
        out.raw(#","operator":"#)
        out.quotedChoice(EventVocabulary.operators, using: &random)
        out.raw(#","values":"#)
        out.quotedChoices(EventVocabulary.permissions, maximum: 3, using: &random)
        out.raw(#"}]},"action":{"notify":[{"entity_type":"#)
        out.quotedChoice(["admin", "user", "channel"], using: &random)
        out.raw(#"}],"resolution":{"value":"#)
        out.quotedChoice(EventVocabulary.resolutions, using: &random)
        out.raw("}}}")
    }

    /// App allowlist and DLP rules matching: the rule that matched, the rules checked, and the outcome.
    func writeRuleMatch(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("matched_rule")
        writeRule(random: &random, to: &out)
        out.member("rules_checked")
        let start = out.beginContainer()
        for _ in 0..<(1 + random.below(3)) {
            out.element()
            writeRule(random: &random, to: &out)
        }
        out.endArray(start)
        out.member("is_allowed")
        out.bool(random.chance(0.5))
        out.member("decision")
        out.quotedChoice(EventVocabulary.decisions, using: &random)
        out.member("resolution")
        out.quotedChoice(EventVocabulary.resolutions, using: &random)
    }

    /// Rules created, edited or removed.
    func writeRuleChange(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        out.member("name")
        out.quotedChoice(EventVocabulary.ruleTitles, using: &random)
        if name.contains("violation") {
            out.member("cleared_resolution")
            out.quotedChoice(EventVocabulary.resolutions, using: &random)
        }
        if name.contains("scopes") {
            out.member("scopes")
            out.quotedChoices(EventVocabulary.permissions, maximum: 3, using: &random)
        }
    }

    /// Datastores: the name and its attributes.
    func writeDatastore(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("app_id")
        out.string(app(input, random: &random).id)
        out.member("datastore_name")
        out.quotedChoice(EventVocabulary.datastoreNames, using: &random)
        out.member("attributes")
        out.raw(#"[{"name":"id","type":"string"},{"name":"#)
        out.quotedChoice(["owner", "created_at", "status"], using: &random)
        out.raw(#","type":"#)
        out.quotedChoice(EventVocabulary.attributeTypes, using: &random)
        out.raw(#"},{"name":"tags","type":"array","items":{"type":"string"}}]"#)
    }

    /// Deployments and manifests: the app's functions, workflows and datastores, and what was added.
    func writeAppDeploy(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("app_id")
        out.string(app(input, random: &random).id)
        out.member("new_version_id")
        out.randomID("Av0", using: &random)
        out.member("functions")
        out.quotedChoices(EventVocabulary.functionNames, maximum: 3, using: &random)
        out.member("workflows")
        out.quotedChoices(EventVocabulary.workflowCallbacks, maximum: 3, using: &random)
        out.member("datastores")
        out.quotedChoices(EventVocabulary.datastoreNames, maximum: 2, using: &random)
        out.member("functions_added")
        out.quotedChoices(EventVocabulary.functionNames, maximum: 1, using: &random)
        out.member("workflows_added")
        out.quotedChoices(EventVocabulary.workflowCallbacks, maximum: 1, using: &random)
        out.member("datastores_added")
        out.raw("[]")
        out.member("destructive")
        out.bool(random.chance(0.1))
        out.member("permissions_updated")
        out.bool(random.chance(0.3))
    }

    /// App collaborators.
    func writeCollaborator(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("app_id")
        out.string(app(input, random: &random).id)
        out.member("user")
        writeRandomUserID(random: &random, to: &out)
    }

    /// App environment variables.
    func writeVariables(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("app_id")
        out.string(app(input, random: &random).id)
        out.member("variable_names")
        out.quotedChoices(EventVocabulary.variableNames, maximum: 3, using: &random)
    }

    /// MCP servers and tool calls.
    func writeMCP(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let name = actionName(input)
        let server = random.below(EventVocabulary.mcpServers.count)
        out.member("server_name")
        out.quoted(EventVocabulary.mcpServers[server])
        out.member("server_url")
        out.quoted(EventVocabulary.mcpURLs[server % EventVocabulary.mcpURLs.count])
        if name.contains("server") {
            out.member("mcp_server_allowlist_domains")
            out.quotedChoices(EventVocabulary.mcpDomains, maximum: 2, using: &random)
            return
        }
        let tool = random.below(EventVocabulary.mcpTools.count)
        out.member("tool_name")
        out.quoted(EventVocabulary.mcpTools[tool])
        out.member("tool")
        out.quoted(EventVocabulary.mcpTools[tool])
        out.member("arguments")
        out.raw(#"{"query":"#)
        out.quotedChoice(["roadmap", "incident 4521", "offsite", "budget"], using: &random)
        out.raw(#","limit":"#)
        out.integer(10 * (1 + random.below(5)))
        out.raw("}")
        out.member("argument_keys")
        out.raw(#"["query","limit"]"#)
        let failed = random.chance(0.05)
        out.member("success")
        out.bool(!failed)
        out.member("is_error")
        out.bool(failed)
        out.member("duration")
        out.integer(20 + random.below(3_000))
        out.member("mcp_client_inferred_behavior")
        out.quotedChoice(EventVocabulary.mcpBehaviors, using: &random)
        if name.contains("resource") {
            out.member("uri")
            out.raw(#""slack://channel/"#)
            let channels = organization.channels
            out.bytes.append(contentsOf: channels[random.below(channels.count)].id.utf8)
            out.raw("\"")
        }
    }

    /// `admin_app_config_updated`.
    func writeAdminAppConfig(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("admin_app_id")
        out.string(app(input, random: &random).id)
        out.member("config_type")
        out.quotedChoice(EventVocabulary.configTypes, using: &random)
        out.member("previous_value")
        out.quotedChoice(EventVocabulary.preferenceStrings, using: &random)
        out.member("new_value")
        out.quotedChoice(EventVocabulary.preferenceStrings, using: &random)
    }

    /// Apps and agents calling Slack on a user's behalf.
    func writeFlowAction(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("app_id")
        out.string(app(input, random: &random).id)
        out.member("bot_id")
        out.randomID("B0", using: &random)
        out.member("action")
        out.quotedChoice(EventVocabulary.apiMethods, using: &random)
        out.member("arguments")
        out.raw(#"{"channel":"#)
        out.fragment(channelIDs, random.below(channelIDs.count))
        out.raw(#","text":"Build finished"}"#)
        out.member("argument_keys")
        out.raw(#"["channel","text"]"#)
        out.member("success")
        out.bool(random.chance(0.95))
    }

    /// Agentforce and Slackbot agents.
    func writeAgent(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("app_id")
        out.string(app(input, random: &random).id)
        out.member("bot_id")
        out.randomID("B0", using: &random)
        out.member("name")
        out.quotedChoice(["Agentforce Service Agent", "Sales Coach", "IT Helper", "Slackbot"], using: &random)
    }

    /// Who may run a function or a workflow trigger.
    func writeDistribution(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        let isTrigger = actionName(input).hasPrefix("workflow_trigger")
        out.member("permission_type")
        out.quotedChoice(EventVocabulary.permissionTypes, using: &random)
        out.member("user_ids")
        writeUserIDs(maximum: 4, random: &random, to: &out)
        if isTrigger {
            out.member("channel_ids")
            writeChannelIDs(maximum: 2, random: &random, to: &out)
            out.member("trigger_id")
            out.randomID("Ft0", using: &random)
            out.member("trigger")
            out.quotedChoice(EventVocabulary.triggers, using: &random)
            out.member("trigger_config")
            out.raw(#"{"event_type":"#)
            out.quotedChoice(["reaction_added", "channel_joined", "message_posted"], using: &random)
            out.raw("}")
        } else {
            let functions = organization.functions
            out.member("app_id")
            out.string(functions[input.entity % functions.count].appID)
        }
    }

    /// Workflows flagged for a suspicious keyword or prompt.
    func writeSuspiciousTrigger(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("trigger_id")
        out.randomID("Ft0", using: &random)
        out.member("label")
        out.quotedChoice(EventVocabulary.suspiciousKeywords, using: &random)
        out.member("is_flagged")
        out.quoted("true")
        out.member("executor_id")
        writeRandomUserID(random: &random, to: &out)
    }

    /// OAuth tokens workflows hold for external services.
    func writeOAuthToken(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("provider_key")
        out.quotedChoice(EventVocabulary.providers, using: &random)
        out.member("app_id")
        out.string(app(input, random: &random).id)
    }

    /// Workflows: who made or ran them.
    func writeWorkflow(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("creator")
        writeRandomUserID(random: &random, to: &out)
        if input.event.entity.kind == .workflowV2 {
            let workflows = organization.workflowsV2
            out.member("app_id")
            out.string(workflows[input.entity % workflows.count].appID)
            out.member("executor_id")
            writeRandomUserID(random: &random, to: &out)
        }
    }

    /// Slack AI skills.
    func writeSkill(_ input: DetailsInput, random: inout SimulationRandom, to out: inout EventJSONWriter) {
        out.member("skill_id")
        out.randomID("Sk0", using: &random)
        out.member("name")
        out.quotedChoice(["Summarize channel", "Draft reply", "Weekly digest", "Find expert"], using: &random)
    }
}
