extension SimulatedOrganization {
    /// A member (or guest) of the organization.
    package struct User: Sendable, Hashable {
        /// The ID: `W0…` for most users, `U0…` for some.
        package let id: String
        /// The full name, which may hold quotes and non-ASCII letters.
        package let name: String
        /// The first name.
        package let firstName: String
        /// The last name.
        package let lastName: String
        /// The display name.
        package let displayName: String
        /// The email address, on the company's domain for members.
        package let email: String
        /// The team Slack reports for the user: the enterprise ID for most org admins and owners, else the primary
        /// workspace's ID.
        package let team: String
        /// The index of the user's primary workspace in ``SimulatedOrganization/workspaces``.
        package let workspace: Int
        /// `user`, `admin`, `owner`, `primary_owner`, `restricted` or `ultra_restricted`.
        package let accountType: String
    }
}
