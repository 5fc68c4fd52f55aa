import "server-only";

export { listMembers, setMemberRole, setMemberStatus, removeMember, signOutMember } from "./manage";
export { InviteInput, AcceptInput, createInvite, listPendingInvites, revokeInvite, describeInvite, acceptInvite } from "./invites";
export { linkBase } from "./invite-address";
