export { signRequestWorkflow } from './sign-request-workflow';
