import type { NewsroomOutput, NewsroomResult } from '../../shared/api/newsroom';
import { MAX_NEWSROOM_WORDS } from '../../shared/style/dictionaryWord';
import { refusal, success } from '../outcome';
import { advanceCounter, readCounters } from '../store/counters';
import type { StoreServiceOptions } from '../store/store';

/** The newsroom's spelling dictionary: the words people added, shared by every workstation. */
export interface Dictionary {
  list(): Promise<NewsroomOutput<'words:list'>>;
  /** Adds a word (already validated by the channel's schema) for the account `login`. */
  add(login: string, word: string): Promise<NewsroomResult<NewsroomOutput<'words:add'>>>;
}

/** Thrown inside the transaction to roll it back: the word was there already. */
class AlreadyThere extends Error {
  constructor(readonly cursor: number) {
    super('The word is in the dictionary already.');
  }
}

/** Thrown inside the transaction to roll it back: no room for another word. */
class DictionaryFull extends Error {
  constructor() {
    super('The dictionary is full.');
  }
}

/** Sorted the way people read a word list, the same on both engines (their collations differ). */
const collator = new Intl.Collator('en', { sensitivity: 'variant' });

/**
 * Keeps the dictionary in the store. Each new word advances the `words` counter in the same
 * transaction, so the change watcher raises it (in every process) and the event stream tells
 * every workstation to list the words again.
 */
export function createDictionary(options: StoreServiceOptions): Dictionary {
  const { db } = options.store;
  const now = options.now ?? Date.now;
  return {
    async list() {
      const [rows, counters] = await Promise.all([
        db.selectFrom('dictionary_words').select('word').limit(MAX_NEWSROOM_WORDS).execute(),
        readCounters(db),
      ]);
      return {
        words: rows.map((row) => row.word).sort(collator.compare),
        cursor: counters.words,
      };
    },
    async add(login, word) {
      try {
        const cursor = await db.transaction().execute(async (trx) => {
          // Advancing first takes the counter's lock: adders of one word queue up, and the
          // second sees the first's row instead of failing on the primary key.
          const seq = await advanceCounter(trx, 'words');
          const existing = await trx
            .selectFrom('dictionary_words')
            .select('word')
            .where('word', '=', word)
            .executeTakeFirst();
          if (existing !== undefined) throw new AlreadyThere(seq - 1);
          const counted = await trx
            .selectFrom('dictionary_words')
            .select((eb) => eb.fn.countAll<number | string>().as('count'))
            .executeTakeFirstOrThrow();
          if (Number(counted.count) >= MAX_NEWSROOM_WORDS) throw new DictionaryFull();
          await trx
            .insertInto('dictionary_words')
            .values({ word, added_by: login, added_at: now(), seq })
            .execute();
          return seq;
        });
        options.onCommitted?.();
        return success({ word, isNew: true, cursor });
      } catch (error) {
        if (error instanceof AlreadyThere)
          return success({ word, isNew: false, cursor: error.cursor });
        if (error instanceof DictionaryFull)
          return refusal(
            'conflict',
            `The newsroom's dictionary holds ${MAX_NEWSROOM_WORDS.toLocaleString('en')} words, its most: “${word}” was not added.`,
          );
        throw error;
      }
    },
  };
}
