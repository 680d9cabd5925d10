// The media worker's entry: tools/workerSources.mjs bundles it into the code mediaWorkers.ts starts.
import { serveTasks } from '../common/workerPool';
import { mediaTaskSchema, performMediaTask } from './mediaWork';

serveTasks((task) => performMediaTask(mediaTaskSchema.parse(task)));
