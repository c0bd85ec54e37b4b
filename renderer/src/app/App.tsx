/** The root: theme (following the OS light/dark setting), notifications, the query cache, and hash routing. */
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { queryClient } from '../api/queries';
import { JobEvents } from '../components/jobs/JobEvents';
import { TourProvider } from '../components/tour/TourProvider';
import { ProjectActionsProvider } from './ProjectActions';
import { AppRoutes } from './routes';
import { ShortcutsProvider } from './shortcuts';

const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <JobEvents />
        <Router hook={useHashLocation}>
          <ProjectActionsProvider>
            <ShortcutsProvider>
              <TourProvider>
                <AppRoutes />
              </TourProvider>
            </ShortcutsProvider>
          </ProjectActionsProvider>
        </Router>
      </QueryClientProvider>
    </MantineProvider>
  );
}
