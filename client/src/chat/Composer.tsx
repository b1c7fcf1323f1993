// Typing and sending. Text starting with `/` opens the matching commands, each with its
// parameters' types and help; arrows move, Enter or Tab picks, Escape closes.
import { useEffect, useRef, useState } from "preact/hooks";
import { graphql } from "../gql";
import { request } from "../api/graphql";
import type { CommandSuggestionsQuery } from "../gql/graphql";
import { useChat } from "./store";

const Suggestions = graphql(`
  query CommandSuggestions($conversationId: ID!, $prefix: String!) {
    commandSuggestions(conversationId: $conversationId, prefix: $prefix) {
      app { slug name }
      command {
        name
        summary
        usage
        params { name type required help accepts }
      }
    }
  }
`);

type Suggestion = CommandSuggestionsQuery["commandSuggestions"][number];

/** What typing `suggestion` inserts: `/slug command `. */
function commandText(suggestion: Suggestion): string {
  return `/${suggestion.app.slug} ${suggestion.command.name} `;
}

export function Composer({ conversationId }: { conversationId: string }) {
  const store = useChat();
  const [text, setText] = useState("");
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<Suggestion | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const asked = useRef("");

  useEffect(() => {
    const prefix = text.trimStart();
    if (!prefix.startsWith("/") || prefix.includes("\n")) {
      asked.current = ""; // an answer still on its way is for text no longer there
      setSuggestions([]);
      setChosen(null);
      return;
    }
    asked.current = prefix;
    request(Suggestions, { conversationId, prefix }).then(
      (data) => {
        if (asked.current !== prefix) return;
        const typed = prefix.split(/\s+/).length;
        const exact = data.commandSuggestions.find((s) => prefix.startsWith(commandText(s)));
        setChosen(exact ?? null);
        setSuggestions(exact && typed > 2 ? [] : data.commandSuggestions.slice(0, 8));
        setActive(0);
      },
      () => setSuggestions([]),
    );
  }, [text, conversationId]);

  const pick = (suggestion: Suggestion) => {
    setText(commandText(suggestion));
    setChosen(suggestion);
    setSuggestions([]);
    input.current?.focus();
  };

  const send = () => {
    const body = text.trim();
    if (!body) return;
    void store.send(conversationId, body);
    setText("");
    setChosen(null);
    setSuggestions([]);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const open = suggestions.length > 0;
    if (open && event.key === "ArrowDown") {
      event.preventDefault();
      setActive((active + 1) % suggestions.length);
    } else if (open && event.key === "ArrowUp") {
      event.preventDefault();
      setActive((active - 1 + suggestions.length) % suggestions.length);
    } else if (open && (event.key === "Tab" || (event.key === "Enter" && !event.shiftKey))) {
      event.preventDefault();
      pick(suggestions[active]);
    } else if (open && event.key === "Escape") {
      setSuggestions([]);
    } else if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      send();
    }
  };

  const listId = `commands-${conversationId}`;
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {suggestions.length > 0 && (
        <ul class="suggestions" id={listId} role="listbox" aria-label="Commands">
          {suggestions.map((s, i) => (
            <li
              key={`${s.app.slug} ${s.command.name}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
            >
              <span class="command">
                /{s.app.slug} {s.command.name}
              </span>
              <span class="summary">{s.command.summary}</span>
              <ParamList suggestion={s} />
            </li>
          ))}
        </ul>
      )}
      {chosen && suggestions.length === 0 && (
        <div class="usage" aria-live="polite">
          <code>{chosen.command.usage}</code>
          <ParamList suggestion={chosen} />
        </div>
      )}
      <label class="visually-hidden" for={`compose-${conversationId}`}>
        Message
      </label>
      <textarea
        id={`compose-${conversationId}`}
        ref={input}
        rows={1}
        value={text}
        maxLength={store.maxMessageLength}
        placeholder="Message, or / for commands"
        role="combobox"
        aria-expanded={suggestions.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={suggestions.length ? `${listId}-${active}` : undefined}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" disabled={!text.trim()}>
        Send
      </button>
    </form>
  );
}

function ParamList({ suggestion }: { suggestion: Suggestion }) {
  const params = suggestion.command.params;
  if (params.length === 0) return null;
  return (
    <dl class="params">
      {params.map((p) => (
        <div key={p.name}>
          <dt>
            {p.name}
            {p.required ? "" : " (optional)"} · <span class="type">{p.type}</span>
          </dt>
          <dd>{p.help || p.accepts}</dd>
        </div>
      ))}
    </dl>
  );
}
