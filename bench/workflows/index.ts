export { baselineWorkflow } from './baseline';
