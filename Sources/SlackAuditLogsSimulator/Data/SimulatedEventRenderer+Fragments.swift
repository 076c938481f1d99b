extension SimulatedEventRenderer {
    /// `{"id":…,"name":…,"email":…,"team":…,"account_type":…}`, the user object of actors, entities and inviters.
    static func writeUser(_ user: SimulatedOrganization.User, accountType: Bool, to out: inout EventJSONWriter) {
        out.raw(#"{"id":"#)
        out.string(user.id)
        out.raw(#","name":"#)
        out.string(user.name)
        out.raw(#","email":"#)
        out.string(user.email)
        out.raw(#","team":"#)
        out.string(user.team)
        if accountType {
            out.raw(#","account_type":"#)
            out.string(user.accountType)
        }
        out.raw("}")
    }

    /// A profile as `new_profile` and `previous_profile` hold it.
    static func writeProfile(of user: SimulatedOrganization.User, to out: inout EventJSONWriter) {
        out.raw(#"{"first_name":"#)
        out.string(user.firstName)
        out.raw(#","last_name":"#)
        out.string(user.lastName)
        out.raw(#","real_name":"#)
        out.string(user.name)
        out.raw(#","display_name":"#)
        out.string(user.displayName)
        let base = "https://avatars.slack-edge.com/2024-05-01/\(user.id.lowercased())"
        out.raw(#","image_24":"#)
        out.string(base + "_24.png")
        out.raw(#","image_32":"#)
        out.string(base + "_32.png")
        out.raw(#","image_48":"#)
        out.string(base + "_48.png")
        out.raw(#","image_72":"#)
        out.string(base + "_72.png")
        out.raw(#","image_192":"#)
        out.string(base + "_192.png")
        out.raw(#","image_512":"#)
        out.string(base + "_512.png")
        out.raw(#","image_1024":"#)
        out.string(base + "_1024.png")
        out.raw(#","image_original":"#)
        out.string(base + "_original.png")
        out.raw("}")
    }

    /// An app object, as `entity.app` and `context.app` hold it.
    static func writeApp(_ app: SimulatedOrganization.App, to out: inout EventJSONWriter) {
        out.raw(#"{"id":"#)
        out.string(app.id)
        out.raw(#","name":"#)
        out.string(app.name)
        out.raw(#","is_distributed":"#)
        out.bool(app.isDistributed)
        out.raw(#","is_directory_approved":"#)
        out.bool(app.isDirectoryApproved)
        out.raw(#","is_workflow_app":"#)
        out.bool(app.isWorkflowApp)
        out.raw(#","scopes":"#)
        out.strings(app.scopes)
        out.raw(#","bot_scopes":"#)
        out.strings(app.botScopes)
        out.raw(#","creator":"#)
        out.string(app.creator)
        out.raw(#","team":"#)
        out.string(app.team)
        out.raw("}")
    }

    /// One table per entity kind (by ``EntityKind/ordinal``), each holding `{"type":…,"<type>":{…}}` per object.
    static func entityTables(
        of organization: SimulatedOrganization,
        userObjects: FragmentTable,
        appObjects: FragmentTable
    ) -> [FragmentTable] {
        EntityKind.allCases.map { kind in
            var table = FragmentTable()
            for index in 0..<organization.count(of: kind) {
                table.add { out in
                    out.raw(#"{"type":"#)
                    out.string(kind.rawValue)
                    out.raw(#",""#)
                    out.raw(kind.jsonKey)
                    out.raw(#"":"#)
                    writeEntity(
                        kind,
                        index,
                        of: organization,
                        userObjects: userObjects,
                        appObjects: appObjects,
                        to: &out
                    )
                    out.raw("}")
                }
            }
            return table
        }
    }

    // swift-format-ignore: FunctionBodyLength
    private static func writeEntity(
        _ kind: EntityKind,
        _ index: Int,
        of organization: SimulatedOrganization,
        userObjects: FragmentTable,
        appObjects: FragmentTable,
        to out: inout EventJSONWriter
    ) {
        switch kind {
        case .user:
            out.fragment(userObjects, index)
        case .app:
            out.fragment(appObjects, index)
        case .channel:
            let channel = organization.channels[index]
            out.raw(#"{"id":"#)
            out.string(channel.id)
            out.raw(#","name":"#)
            out.string(channel.name)
            out.raw(#","privacy":"#)
            out.string(channel.privacy)
            out.raw(#","is_shared":"#)
            out.bool(channel.isShared)
            out.raw(#","is_org_shared":"#)
            out.bool(channel.isOrgShared)
            if channel.isSalesforceChannel {
                out.raw(#","is_salesforce_channel":true"#)
            }
            if !channel.teamsSharedWith.isEmpty {
                out.raw(#","teams_shared_with":"#)
                out.strings(channel.teamsSharedWith)
            }
            if let original = channel.originalConnectedChannelID {
                out.raw(#","original_connected_channel_id":"#)
                out.string(original)
            }
            out.raw("}")
        case .file:
            let file = organization.files[index]
            out.raw(#"{"id":"#)
            out.string(file.id)
            out.raw(#","name":"#)
            out.string(file.name)
            out.raw(#","title":"#)
            out.string(file.title)
            out.raw(#","filetype":"#)
            out.string(file.filetype)
            out.raw("}")
        case .workspace:
            let workspace = organization.workspaces[index]
            writeNamed(id: workspace.id, name: workspace.name, domain: workspace.domain, to: &out)
        case .enterprise:
            let enterprise = organization.enterprise
            writeNamed(id: enterprise.id, name: enterprise.name, domain: enterprise.domain, to: &out)
        case .usergroup:
            writeNamed(id: organization.usergroups[index].id, name: organization.usergroups[index].name, to: &out)
        case .message:
            let message = organization.messages[index]
            out.raw(#"{"channel":"#)
            out.string(message.channel)
            out.raw(#","team":"#)
            out.string(message.team)
            out.raw(#","timestamp":"#)
            out.string(message.timestamp)
            out.raw("}")
        case .workflow:
            let workflow = organization.workflows[index]
            writeNamed(id: workflow.id, name: workflow.name, domain: workflow.domain, to: &out)
        case .workflowV2:
            writeWorkflowV2(organization.workflowsV2[index], to: &out)
        case .barrier:
            let barrier = organization.barriers[index]
            out.raw(#"{"id":"#)
            out.string(barrier.id)
            out.raw(#","primary_usergroup":"#)
            out.string(barrier.primaryUsergroup)
            out.raw(#","barriered_from_usergroups":"#)
            out.strings(barrier.barrieredFromUsergroups)
            out.raw(#","restricted_subjects":"#)
            out.strings(barrier.restrictedSubjects)
            out.raw("}")
        case .role:
            let role = organization.roles[index]
            out.raw(#"{"id":"#)
            out.string(role.id)
            out.raw(#","name":"#)
            out.string(role.name)
            out.raw(#","type":"#)
            out.string(role.type)
            out.raw("}")
        case .accountTypeRole:
            let role = organization.accountTypeRoles[index]
            writeNamed(id: role.id, name: role.name, to: &out)
        case .huddle:
            let huddle = organization.huddles[index]
            out.raw(#"{"id":"#)
            out.string(huddle.id)
            out.raw(#","date_start":"#)
            out.integer(huddle.dateStart)
            out.raw(#","date_end":"#)
            out.integer(huddle.dateEnd)
            out.raw(#","participants":"#)
            out.strings(huddle.participants)
            out.raw("}")
        case .list:
            out.raw(#"{"id":"#)
            out.string(organization.lists[index].id)
            out.raw("}")
        case .function:
            let function = organization.functions[index]
            out.raw(#"{"id":"#)
            out.string(function.id)
            out.raw(#","app_id":"#)
            out.string(function.appID)
            out.raw(#","callback_id":"#)
            out.string(function.callbackID)
            out.raw("}")
        }
    }

    private static func writeNamed(id: String, name: String, domain: String? = nil, to out: inout EventJSONWriter) {
        out.raw(#"{"id":"#)
        out.string(id)
        out.raw(#","name":"#)
        out.string(name)
        if let domain {
            out.raw(#","domain":"#)
            out.string(domain)
        }
        out.raw("}")
    }

    private static func writeWorkflowV2(_ workflow: SimulatedOrganization.WorkflowV2, to out: inout EventJSONWriter) {
        out.raw(#"{"id":"#)
        out.string(workflow.id)
        out.raw(#","name":"#)
        out.string(workflow.name)
        out.raw(#","app_id":"#)
        out.string(workflow.appID)
        out.raw(#","callback_id":"#)
        out.string(workflow.callbackID)
        out.raw(#","date_updated":"#)
        out.integer(workflow.dateUpdated)
        out.raw(#","updated_by":"#)
        out.string(workflow.updatedBy)
        out.raw(#","step_configuration":"#)
        let steps = out.beginContainer()
        for step in workflow.steps {
            out.element()
            out.raw(#"{"name":"#)
            out.string(step.name)
            out.raw(#","step_function_app_id":"#)
            out.string(step.functionAppID)
            out.raw(#","step_function_type":"#)
            out.string(step.functionType)
            out.raw("}")
        }
        out.endArray(steps)
        out.raw("}")
    }
}
