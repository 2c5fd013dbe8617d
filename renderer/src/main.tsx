import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createTerminalConnection } from './host-api/index.js';
import { I18nProvider } from './i18n/index.js';
import { bootTerminal } from './runtime/boot.js';
import { PreferencesProvider } from './ui/preferences.js';
import './styles.css';

const boot = bootTerminal({ createConnection: createTerminalConnection });

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <I18nProvider>
      <PreferencesProvider>
        <App boot={boot} />
      </PreferencesProvider>
    </I18nProvider>
  </StrictMode>,
);
