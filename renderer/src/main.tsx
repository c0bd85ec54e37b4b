/** Renderer entry: reopens the last project when started at `#/`, then mounts the app into index.html's root. */
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { reopenLastProject } from './app/reopen';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
void reopenLastProject().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
