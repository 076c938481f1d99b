extension SimulatedOrganization {
    /// The number of objects of `kind` (1 for ``EntityKind/enterprise``).
    package func count(of kind: EntityKind) -> Int {
        switch kind {
        case .user: users.count
        case .channel: channels.count
        case .file: files.count
        case .app: apps.count
        case .workspace: workspaces.count
        case .enterprise: 1
        case .usergroup: usergroups.count
        case .message: messages.count
        case .workflow: workflows.count
        case .workflowV2: workflowsV2.count
        case .barrier: barriers.count
        case .role: roles.count
        case .accountTypeRole: accountTypeRoles.count
        case .huddle: huddles.count
        case .list: lists.count
        case .function: functions.count
        }
    }

    /// The ID of the object `reference` points to, as the `entity` filter of `GET logs` matches it, or `nil` when
    /// the index is out of range. A message has no ID of its own; its timestamp stands for it.
    package func entityID(for reference: EntityReference) -> String? {
        let index = Int(reference.index)
        guard index < count(of: reference.kind) else { return nil }
        switch reference.kind {
        case .user: return users[index].id
        case .channel: return channels[index].id
        case .file: return files[index].id
        case .app: return apps[index].id
        case .workspace: return workspaces[index].id
        case .enterprise: return enterprise.id
        case .usergroup: return usergroups[index].id
        case .message: return messages[index].timestamp
        case .workflow: return workflows[index].id
        case .workflowV2: return workflowsV2[index].id
        case .barrier: return barriers[index].id
        case .role: return roles[index].id
        case .accountTypeRole: return accountTypeRoles[index].id
        case .huddle: return huddles[index].id
        case .list: return lists[index].id
        case .function: return functions[index].id
        }
    }

    /// The ID of the user at `index` in ``users`` (the `actor` filter of `GET logs` matches it), or `nil` when out of
    /// range.
    package func userID(at index: UInt32) -> String? {
        Int(index) < users.count ? users[Int(index)].id : nil
    }
}
