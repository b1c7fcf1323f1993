// The operations of a person's own affairs: wallet and payments, groups, their apps and data.
import { graphql } from "../gql";

export const MoneyFields = graphql(`
  fragment MoneyFields on Money { amount currency formatted }
`);

export const PaymentFields = graphql(`
  fragment PaymentFields on PaymentRequest {
    id
    app
    description
    reference
    status
    createdAt
    decidedAt
    amount { ...MoneyFields }
    refunded { ...MoneyFields }
  }
`);

export const BalancesQuery = graphql(`
  query Balances {
    wallet { balances { ...MoneyFields } }
  }
`);

export const ConfirmPayment = graphql(`
  mutation ConfirmPayment($requestId: ID!, $idempotencyKey: String!) {
    confirmPayment(requestId: $requestId, idempotencyKey: $idempotencyKey) { ...PaymentFields }
  }
`);

export const DeclinePayment = graphql(`
  mutation DeclinePayment($requestId: ID!) {
    declinePayment(requestId: $requestId) { ...PaymentFields }
  }
`);

export const WalletQuery = graphql(`
  query Wallet($first: Int!) {
    wallet {
      balances { ...MoneyFields }
      history(first: $first) {
        pageInfo { hasNextPage endCursor }
        nodes { id at kind memo amount { ...MoneyFields } }
      }
      payments(first: $first) {
        pageInfo { hasNextPage endCursor }
        nodes { ...PaymentFields }
      }
    }
  }
`);

export const WalletHistoryQuery = graphql(`
  query WalletHistory($first: Int!, $after: String) {
    wallet {
      history(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id at kind memo amount { ...MoneyFields } }
      }
    }
  }
`);

export const WalletPaymentsQuery = graphql(`
  query WalletPayments($first: Int!, $after: String) {
    wallet {
      payments(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { ...PaymentFields }
      }
    }
  }
`);

export const CreateGroup = graphql(`
  mutation CreateGroup($title: String!, $usernames: [String!]!) {
    createGroup(title: $title, usernames: $usernames) { ...ConversationFields }
  }
`);

export const AddMembers = graphql(`
  mutation AddMembers($conversationId: ID!, $usernames: [String!]!) {
    addMembers(conversationId: $conversationId, usernames: $usernames) { ...ConversationFields }
  }
`);

export const RemoveMember = graphql(`
  mutation RemoveMember($conversationId: ID!, $username: String!) {
    removeMember(conversationId: $conversationId, username: $username) { ...ConversationFields }
  }
`);

export const LeaveConversation = graphql(`
  mutation LeaveConversation($conversationId: ID!) {
    leaveConversation(conversationId: $conversationId)
  }
`);

export const AppSettingsFields = graphql(`
  fragment AppSettingsFields on AppSettings {
    app
    name
    firstUsedAt
    lastCommandAt
    muted
    blocked
    messagesLast30Days
    lastMessageAt
    grants { grantedAt via scope { name description } }
    canAskFor { name description }
  }
`);

export const SettingsQuery = graphql(`
  query Settings {
    me { id username displayName phone }
    myAppSettings { ...AppSettingsFields }
  }
`);

export const GrantScope = graphql(`
  mutation GrantScope($app: String!, $scope: String!) {
    grantScope(app: $app, scope: $scope) { ...AppSettingsFields }
  }
`);

export const RevokeGrant = graphql(`
  mutation RevokeGrant($app: String!, $scope: String!) {
    revokeGrant(app: $app, scope: $scope) { ...AppSettingsFields }
  }
`);

export const MuteApp = graphql(`
  mutation MuteApp($app: String!, $muted: Boolean!) {
    muteApp(app: $app, muted: $muted) { ...AppSettingsFields }
  }
`);

export const BlockApp = graphql(`
  mutation BlockApp($app: String!, $blocked: Boolean!) {
    blockApp(app: $app, blocked: $blocked) { ...AppSettingsFields }
  }
`);

export const ForgetMe = graphql(`
  mutation ForgetMe($app: String!) {
    forgetMe(app: $app) { ...AppSettingsFields }
  }
`);

export const SetPhone = graphql(`
  mutation SetPhone($phone: String) {
    setPhone(phone: $phone) { id phone }
  }
`);

export const ExportMyData = graphql(`
  mutation ExportMyData {
    exportMyData
  }
`);

export const DeleteAccount = graphql(`
  mutation DeleteAccount($password: String!) {
    deleteAccount(password: $password)
  }
`);

export const ReportMessage = graphql(`
  mutation ReportMessage($messageId: ID!, $block: Boolean!) {
    reportMessage(messageId: $messageId, block: $block) { text scope category reported }
  }
`);
