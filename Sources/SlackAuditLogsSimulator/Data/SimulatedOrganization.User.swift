extension SimulatedOrganization {
    /// A member (or guest) of the organization.
    public struct User: Sendable, Hashable {
        /// The ID: `W0…` for most users, `U0…` for some.
        public let id: String
        /// The full name, which may hold quotes and non-ASCII letters.
        public let name: String
        /// The first name.
        public let firstName: String
        /// The last name.
        public let lastName: String
        /// The display name.
        public let displayName: String
        /// The email address, on the company's domain for members.
        public let email: String
        /// The team Slack reports for the user: the enterprise ID for most org admins and owners, else the primary
        /// workspace's ID.
        public let team: String
        /// The index of the user's primary workspace in ``SimulatedOrganization/workspaces``.
        public let workspace: Int
        /// `user`, `admin`, `owner`, `primary_owner`, `restricted` or `ultra_restricted`.
        public let accountType: String
    }
}
