export { signRequestWorkflow } from './sign-request-workflow';
export { routeBoxEventWorkflow } from './route-box-event';
