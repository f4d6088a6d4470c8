import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../api/types';
import { useAcknowledgeAlert, useOperatorName } from './use-alerts';

interface Props {
  alert: Alert;
  onDone: () => void;
}

/** Acknowledging says who is on it and what is being done: both are required (the contract refuses blanks). */
export function AcknowledgeForm({ alert, onDone }: Props) {
  const { t } = useTranslation();
  const [operator, rememberOperator] = useOperatorName();
  const [actor, setActor] = useState(operator);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const acknowledge = useAcknowledgeAlert();
  const noteRef = useRef<HTMLTextAreaElement | null>(null);
  const ids = useId();

  useEffect(() => setActor((current) => current || operator), [operator]);
  useEffect(() => noteRef.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (actor.trim() === '') return setProblem(t('alerts.ack.actorRequired'));
    if (note.trim() === '') return setProblem(t('alerts.ack.noteRequired'));
    setProblem(null);
    rememberOperator(actor.trim());
    acknowledge.mutate(
      { id: alert.id, actor: actor.trim(), note: note.trim() },
      { onSuccess: onDone, onError: (error) => setProblem(t('alerts.ack.failed', { message: error.message })) },
    );
  };

  return (
    <form
      className="ack-form"
      noValidate
      onSubmit={submit}
      data-testid="ack-form"
      onKeyDown={(event) => {
        // Keys typed here belong to the form, not to the list's shortcuts.
        event.stopPropagation();
        if (event.key === 'Escape') onDone();
      }}
    >
      <label htmlFor={`${ids}-actor`}>{t('alerts.ack.actor')}</label>
      <input id={`${ids}-actor`} aria-required="true" value={actor} onChange={(e) => setActor(e.target.value)} maxLength={128} autoComplete="username" />
      <label htmlFor={`${ids}-note`}>{t('alerts.ack.note')}</label>
      <textarea
        id={`${ids}-note`}
        ref={noteRef}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          // Enter sends (notes are usually one line); Shift+Enter starts a new line.
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
        maxLength={1000}
        rows={2}
        aria-required="true"
        placeholder={t('alerts.ack.notePlaceholder')}
      />
      {problem && (
        <p className="ack-form__problem" role="alert">
          {problem}
        </p>
      )}
      <div className="ack-form__buttons">
        <button type="submit" className="button button--primary" disabled={acknowledge.isPending}>
          {t('alerts.ack.submit')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('alerts.ack.cancel')}
        </button>
      </div>
    </form>
  );
}
