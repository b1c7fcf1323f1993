// The operations of the chat: conversations, history, live events, sending and pressing.
import { graphql } from "../gql";

export const MessageFields = graphql(`
  fragment MessageFields on Message {
    id
    conversationId
    seq
    body
    createdAt
    private
    deleted
    revision
    clientMessageId
    sender { id username displayName }
    invoker { id username displayName }
    app { slug name }
    why { text scope category reported }
    content {
      __typename
      ... on Card {
        title
        body
        fields { label value }
        buttons { id label }
      }
      ... on ListContent {
        title
        items { title body buttons { id label } }
      }
      ... on PaymentCard {
        paymentRequestId
        description
        status
        expiresAt
        amount { amount currency formatted }
      }
    }
  }
`);

export const ConversationFields = graphql(`
  fragment ConversationFields on Conversation {
    id
    kind
    title
    app
    lastSeq
    lastReadSeq
    unreadCount
    lastActivityAt
    owner { id username displayName }
    members { id username displayName }
    lastMessage { ...MessageFields }
  }
`);

export const ConversationsQuery = graphql(`
  query Conversations($first: Int!) {
    me { id username displayName role }
    limits { maxMessageLength maxPageSize maxReplayConversations }
    conversations(first: $first) { nodes { ...ConversationFields } }
  }
`);

export const ConversationQuery = graphql(`
  query Conversation($id: ID!) {
    conversation(id: $id) { ...ConversationFields }
  }
`);

export const HistoryQuery = graphql(`
  query History($id: ID!, $last: Int!, $before: String) {
    conversation(id: $id) {
      id
      messages(last: $last, before: $before) {
        pageInfo { hasPreviousPage startCursor }
        nodes { ...MessageFields }
      }
    }
  }
`);

export const EventsSubscription = graphql(`
  subscription Events($after: [SeenInput!]) {
    events(after: $after) {
      __typename
      ... on MessagePosted { message { ...MessageFields } }
      ... on MessageUpdated { message { ...MessageFields } }
      ... on ConversationLeft { conversationId }
    }
  }
`);

export const SendMessage = graphql(`
  mutation SendMessage($conversationId: ID!, $body: String!, $clientMessageId: String!) {
    sendMessage(conversationId: $conversationId, body: $body, clientMessageId: $clientMessageId) {
      ...MessageFields
    }
  }
`);

export const PressButton = graphql(`
  mutation PressButton($messageId: ID!, $buttonId: String!, $clientId: String!) {
    pressButton(messageId: $messageId, buttonId: $buttonId, clientId: $clientId) {
      ...MessageFields
    }
  }
`);

export const MarkRead = graphql(`
  mutation MarkRead($conversationId: ID!, $seq: Int!) {
    markRead(conversationId: $conversationId, seq: $seq) { id lastReadSeq }
  }
`);

export const OpenDirect = graphql(`
  mutation OpenDirect($username: String!) {
    openDirectConversation(username: $username) { ...ConversationFields }
  }
`);
